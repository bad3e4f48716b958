// Snapshots a person can look at (issue 15): drives a replacement and an offboarding through the real bot (its
// defaults: SQLite, simulated fleet) over Slack's signed HTTP, in Japanese and in English, keeps every message and
// modal the bot made, renders them as Block Kit-like HTML, and screenshots each page with headless Chromium.
//
//   npx tsx scripts/screens/capture.ts            → docs/screens/<flow>.<lang>.html and .png
//
// Chromium: `apt-get install chromium` (or set CHROMIUM=/path/to/chrome). Without it the HTML pages are written
// and the screenshots skipped, with a note.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredMessage } from '../../test/support/fake-slack/fake-slack-server';
import { blocksHtml, CSS } from './block-kit-html';
import { offboarding, replacement } from './drive';
import { CHANNEL, openWorld, PEOPLE, type World } from './world';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'screens');
const FLOWS = { replacement, offboarding } as const;
const LANGS = ['ja', 'en'] as const;
const TITLES = {
  replacement: { ja: '端末交換: 社員が申請し、上長が承認する', en: 'Device replacement: an employee asks, the manager approves' },
  offboarding: { ja: '退職処理: ヘルプデスクが開始し、上長が承認する', en: 'Offboarding: the helpdesk starts it, the manager approves' },
};

const names: Record<string, string> = Object.fromEntries(Object.values(PEOPLE).map((p) => [p.id, p.real_name]));
names.UBOT = 'devicebot';

function message(m: StoredMessage): string {
  const who = m.user && names[m.user] && m.user !== 'UBOT' ? names[m.user]! : 'devicebot';
  const edited = m.updates ? ` <span class="edited">(${m.updates}× updated)</span>` : '';
  return `<div class="msg"><div class="avatar">${who.slice(0, 1)}</div><div><div class="who">${who}<span class="app">APP</span>${edited}</div>${blocksHtml(m.blocks, m.text, names)}</div></div>`;
}

function page(w: World, flow: keyof typeof FLOWS, lang: (typeof LANGS)[number]): string {
  const parts: string[] = [`<h1>${TITLES[flow][lang]}</h1>`];
  parts.push(`<h2>${lang === 'ja' ? 'モーダル' : 'Modals'}</h2>`);
  for (const view of w.slack.views.values()) {
    parts.push(
      `<div class="modal"><div class="title">${view.title?.text ?? ''}</div><div class="content">${blocksHtml(view.blocks, '', names, lang === 'ja' ? '任意' : 'optional')}</div>` +
        `<div class="footer">${view.close ? `<span class="button">${view.close.text}</span>` : ''} ${view.submit ? `<span class="button primary">${view.submit.text}</span>` : ''}</div></div>`,
    );
  }
  parts.push(`<h2>#helpdesk</h2>`);
  for (const parent of w.slack.channelMessages(CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts)) {
    parts.push(message(parent));
    const replies = w.slack.threadReplies(CHANNEL, parent.ts).filter((m) => m.ts !== parent.ts);
    parts.push(
      `<div class="thread"><div class="context">${replies.length} ${lang === 'ja' ? '件の返信' : 'replies'}</div>${replies.map(message).join('\n')}</div>`,
    );
  }
  for (const person of Object.values(PEOPLE)) {
    const dms = w.slack.dms(person.id);
    if (!dms.length) continue;
    parts.push(`<h2>${lang === 'ja' ? 'DM' : 'DM to'} ${person.real_name}</h2>`, dms.map(message).join('\n'));
  }
  const ephemeral = w.slack.responseUrlPosts;
  if (ephemeral.length) {
    parts.push(`<h2>${lang === 'ja' ? 'あなただけに表示されています' : 'Only visible to you'}</h2>`);
    for (const p of ephemeral) parts.push(`<div class="msg"><div>${blocksHtml(p.body.blocks, p.body.text, names)}</div></div>`);
  }
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${TITLES[flow][lang]}</title><style>${CSS}</style></head><body>${parts.join('\n')}<script>document.body.dataset.height = document.documentElement.scrollHeight</script></body></html>`;
}

function chromium(): string | null {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  return candidates.find((c) => existsSync(c)) ?? null;
}

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--hide-scrollbars'];

/** A full-page screenshot. Chromium's --screenshot takes the window, so the page's height is measured first: a
 *  script in the page writes it into the DOM, which --dump-dom prints. */
function screenshot(browser: string, html: string, png: string): void {
  const dom = execFileSync(browser, [...FLAGS, '--window-size=910,800', '--dump-dom', `file://${html}`], { encoding: 'utf8', timeout: 60_000 });
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 4000);
  execFileSync(browser, [...FLAGS, `--window-size=910,${Math.min(height + 24, 30_000)}`, `--screenshot=${png}`, `file://${html}`], {
    stdio: 'ignore',
    timeout: 60_000,
  });
}

mkdirSync(OUT, { recursive: true });
const browser = chromium();
for (const flow of Object.keys(FLOWS) as (keyof typeof FLOWS)[]) {
  for (const lang of LANGS) {
    const w = await openWorld(lang);
    try {
      await FLOWS[flow](w);
      const html = page(w, flow, lang);
      const file = join(OUT, `${flow}.${lang}.html`);
      writeFileSync(file, html);
      if (browser) screenshot(browser, file, join(OUT, `${flow}.${lang}.png`));
      console.log(`${flow} (${lang}): ${file}${browser ? ' + .png' : ' (no Chromium: no screenshot)'}`);
    } finally {
      await w.close();
    }
  }
}
