// /device help: every subcommand with one example, in the user's language.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { context, header, section } from '../blocks/kit';

export const SUBCOMMANDS = ['help', 'replace', 'offboard', 'offboard-bulk', 'status', 'lookup', 'sync'] as const;

export function helpBlocks(locale: Locale, helpdesk: boolean): { text: string; blocks: KnownBlock[] } {
  const lines = SUBCOMMANDS.map(
    (c) =>
      `• \`${t(locale, `slack.help.${c}.usage`)}\` — ${t(locale, `slack.help.${c}.what`)}\n   ${t(locale, 'slack.help.example')}: \`${t(locale, `slack.help.${c}.example`)}\``,
  );
  const blocks: KnownBlock[] = [
    header(t(locale, 'slack.help.title')),
    section(lines.join('\n')),
    context(t(locale, helpdesk ? 'slack.help.footerHelpdesk' : 'slack.help.footer')),
  ];
  return { text: t(locale, 'slack.help.title'), blocks };
}
