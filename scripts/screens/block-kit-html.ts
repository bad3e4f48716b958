// Block Kit JSON → HTML that looks close enough to Slack for a reader to see the product without a workspace:
// the blocks the bot uses (header, section with fields and accessory, context, divider, actions, input, rich
// text) and Slack's mrkdwn (bold, italic, strike, code, links, mentions, line breaks). Not a full renderer.
// biome-ignore lint/suspicious/noExplicitAny: free-form Block Kit JSON
type Obj = Record<string, any>;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack mrkdwn → HTML. `names` turns <@U…> into @name, as Slack shows it. */
export function mrkdwn(text: string, names: Record<string, string>): string {
  // Slack's own escapes come first: the text arrives with &lt; &gt; &amp; for literal characters.
  const tokens: string[] = [];
  const keep = (html: string) => `\uE000${tokens.push(html) - 1}\uE001`;
  let s = text.replace(/<([^<>]+)>/g, (_, inner: string) => {
    const [target, label] = inner.split('|');
    if (target!.startsWith('@')) return keep(`<span class="mention">@${esc(names[target!.slice(1)] ?? target!.slice(1))}</span>`);
    if (target!.startsWith('#')) return keep(`<span class="mention">#${esc(label ?? target!.slice(1))}</span>`);
    if (target!.startsWith('!')) return keep(`<span class="mention">@${esc(target!.slice(1))}</span>`);
    return keep(`<a href="${esc(target!)}">${esc(label ?? target!)}</a>`);
  });
  s = s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  s = esc(s);
  s = s.replace(/```([\s\S]*?)```/g, (_, c) => keep(`<pre>${c}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_, c) => keep(`<code>${c}</code>`));
  s = s.replace(/(^|[\s(（「])\*([^*\n]+)\*/g, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(（「])_([^_\n]+)_/g, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(（「])~([^~\n]+)~/g, '$1<s>$2</s>');
  s = s.replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE001/g, (_, i) => tokens[Number(i)]!);
}

function textObject(t: Obj | undefined, names: Record<string, string>): string {
  if (!t) return '';
  return t.type === 'mrkdwn' ? mrkdwn(String(t.text ?? ''), names) : esc(String(t.text ?? ''));
}

function element(e: Obj, names: Record<string, string>): string {
  switch (e.type) {
    case 'button':
      return `<span class="button ${e.style ?? ''}">${textObject(e.text, names)}</span>`;
    case 'static_select':
    case 'external_select': {
      const chosen = e.initial_option ?? e.options?.[0];
      return `<span class="select">${chosen ? textObject(chosen.text, names) : textObject(e.placeholder, names)} ▾</span>`;
    }
    case 'users_select':
      return `<span class="select">${e.initial_user ? `@${esc(names[e.initial_user] ?? e.initial_user)}` : '—'} ▾</span>`;
    case 'datepicker':
      return `<span class="select">📅 ${esc(e.initial_date ?? 'YYYY-MM-DD')}</span>`;
    case 'datetimepicker':
      return '<span class="select">📅 YYYY-MM-DD 🕒 HH:MM</span>';
    case 'plain_text_input':
      return `<span class="textinput${e.multiline ? ' multiline' : ''}">${esc(e.initial_value ?? '')}</span>`;
    case 'radio_buttons':
    case 'checkboxes': {
      const mark = e.type === 'radio_buttons' ? ['◉', '○'] : ['☑', '☐'];
      const chosen = new Set([e.initial_option?.value, ...(e.initial_options ?? []).map((o: Obj) => o.value)]);
      return (e.options ?? []).map((o: Obj) => `<div class="choice">${chosen.has(o.value) ? mark[0] : mark[1]} ${textObject(o.text, names)}</div>`).join('');
    }
    case 'file_input':
      return '<span class="textinput">📎 CSV</span>';
    case 'overflow':
      return '<span class="button">⋯</span>';
    default:
      return `<span class="unknown">[${esc(String(e.type))}]</span>`;
  }
}

function richText(b: Obj, names: Record<string, string>): string {
  const inline = (els: Obj[]) =>
    els
      .map((e) => {
        if (e.type === 'text') {
          let h = esc(String(e.text)).replace(/\n/g, '<br>');
          if (e.style?.bold) h = `<b>${h}</b>`;
          if (e.style?.italic) h = `<i>${h}</i>`;
          if (e.style?.code) h = `<code>${h}</code>`;
          return h;
        }
        if (e.type === 'user') return `<span class="mention">@${esc(names[e.user_id] ?? e.user_id)}</span>`;
        if (e.type === 'link') return `<a href="${esc(e.url)}">${esc(e.text ?? e.url)}</a>`;
        if (e.type === 'emoji')
          return e.unicode
            ? String.fromCodePoint(
                ...String(e.unicode)
                  .split('-')
                  .map((x) => Number.parseInt(x, 16)),
              )
            : `:${e.name}:`;
        return '';
      })
      .join('');
  return (b.elements ?? [])
    .map((s: Obj) => {
      if (s.type === 'rich_text_section') return `<div>${inline(s.elements ?? [])}</div>`;
      if (s.type === 'rich_text_list') return `<ul>${(s.elements ?? []).map((i: Obj) => `<li>${inline(i.elements ?? [])}</li>`).join('')}</ul>`;
      if (s.type === 'rich_text_preformatted') return `<pre>${inline(s.elements ?? [])}</pre>`;
      if (s.type === 'rich_text_quote') return `<blockquote>${inline(s.elements ?? [])}</blockquote>`;
      return '';
    })
    .join('');
}

export function blocksHtml(blocks: Obj[] | undefined, fallback: string | undefined, names: Record<string, string>, optional = 'optional'): string {
  if (!blocks?.length) return `<div class="section">${mrkdwn(fallback ?? '', names)}</div>`;
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'header':
          return `<div class="header">${textObject(b.text, names)}</div>`;
        case 'section': {
          const fields = b.fields?.length ? `<div class="fields">${b.fields.map((f: Obj) => `<div>${textObject(f, names)}</div>`).join('')}</div>` : '';
          const accessory = b.accessory ? `<div class="accessory">${element(b.accessory, names)}</div>` : '';
          return `<div class="section"><div class="body">${textObject(b.text, names)}${fields}</div>${accessory}</div>`;
        }
        case 'context':
          return `<div class="context">${(b.elements ?? []).map((e: Obj) => (e.type === 'image' ? '' : textObject(e, names))).join(' ')}</div>`;
        case 'divider':
          return '<hr>';
        case 'actions':
          return `<div class="actions">${(b.elements ?? []).map((e: Obj) => element(e, names)).join(' ')}</div>`;
        case 'input':
          return `<div class="input"><label>${textObject(b.label, names)}${b.optional ? ` <span class="optional">(${optional})</span>` : ''}</label>${element(b.element, names)}${b.hint ? `<div class="hint">${textObject(b.hint, names)}</div>` : ''}</div>`;
        case 'rich_text':
          return `<div class="section">${richText(b, names)}</div>`;
        default:
          return `<div class="unknown">[${esc(String(b.type))}]</div>`;
      }
    })
    .join('\n');
}

export const CSS = `
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", Lato, "Helvetica Neue", Arial, sans-serif; font-size: 15px; color: #1d1c1d; background: #fff; margin: 0; padding: 24px; width: 860px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; color: #616061; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.msg { display: flex; gap: 10px; margin: 10px 0; } .avatar { width: 36px; height: 36px; border-radius: 6px; background: #4a154b; color: #fff; display: flex; align-items: center; justify-content: center; font-weight: bold; flex: none; }
.who { font-weight: 900; } .who .app { font-size: 10px; background: #ddd; color: #616061; padding: 1px 3px; border-radius: 2px; margin-left: 4px; font-weight: 600; }
.thread { margin-left: 46px; border-left: 3px solid #e8e8e8; padding-left: 12px; }
.header { font-size: 18px; font-weight: 900; margin: 4px 0; } .section { margin: 4px 0; display: flex; gap: 8px; } .section .body { flex: 1; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; } .context { color: #616061; font-size: 12px; margin: 4px 0; }
.actions { margin: 6px 0; } .button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 10px; font-weight: 700; font-size: 13px; margin: 2px 4px 2px 0; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; } .button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
.select, .textinput { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 4px 8px; min-width: 240px; font-size: 14px; } .textinput.multiline { min-height: 48px; }
.input { margin: 10px 0; } .input label { display: block; font-weight: 700; margin-bottom: 4px; } .optional { font-weight: 400; color: #616061; } .hint { color: #616061; font-size: 12px; margin-top: 2px; } .choice { margin: 2px 0; }
.modal { border: 1px solid #ccc; border-radius: 8px; box-shadow: 0 4px 12px rgba(0,0,0,.15); width: 520px; margin: 12px 0 24px; } .modal .title { font-weight: 900; font-size: 18px; padding: 12px 16px; border-bottom: 1px solid #ddd; }
.modal .content { padding: 8px 16px; } .modal .footer { border-top: 1px solid #ddd; padding: 10px 16px; text-align: right; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; } code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 12px; color: #e01e5a; }
pre { background: #f8f8f8; border: 1px solid #ddd; padding: 6px; white-space: pre-wrap; } hr { border: none; border-top: 1px solid #ddd; } a { color: #1264a3; text-decoration: none; }
.edited { color: #616061; font-size: 11px; } .unknown { color: #e01e5a; }
`;
