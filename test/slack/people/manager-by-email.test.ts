// A manager the directory names (Person.managerId) who never used the bot has no Slack id yet — the simulated
// fleet's people are all like that on a fresh start. The manager is found by e-mail and bound, so the workflows
// (which read the directory) can ask them to approve; before, nobody could approve an offboarding the helpdesk
// started, since the requester never approves.
import { describe, expect } from 'vitest';
import { silentLogger } from '../../../src/log/logger';
import { ManagerResolver } from '../../../src/slack/people/managers';
import { readPerson } from '../../../src/workflows/shared/device-facts';
import { DIALECTS } from '../../support/databases';
import { partsTest, type SlackParts } from '../harness';

const resolver = (parts: SlackParts) => new ManagerResolver({ db: parts.db.prisma, client: parts.chat.client, config: parts.config, logger: silentLogger });

async function leaverWhoseManagerIs(parts: SlackParts, managerEmail: string) {
  const manager = await parts.db.prisma.person.create({ data: { email: managerEmail, displayName: '加藤 由美' } });
  await parts.db.prisma.person.create({ data: { slackUserId: 'U0LEAVER01', email: 'leaver@example.co.jp', displayName: '鈴木 一郎', managerId: manager.id } });
  return manager;
}

describe.each(DIALECTS)('a directory manager without a Slack id (%s)', (dialect) => {
  const it = partsTest(dialect);

  it('is found by e-mail, bound to their Slack account, and seen by the workflows', async ({ parts }) => {
    parts.slack.addUser({ id: 'U0YUMI0001', name: 'yumi', real_name: '加藤 由美', email: 'yumi.kato@example.co.jp', locale: 'ja-JP' });
    const manager = await leaverWhoseManagerIs(parts, 'yumi.kato@example.co.jp');
    expect((await readPerson(parts.db.prisma, parts.config, 'U0LEAVER01')).managerSlackId).toBeNull();
    expect(await resolver(parts).resolve('U0LEAVER01')).toEqual({ slackUserId: 'U0YUMI0001', source: 'person' });
    expect((await parts.db.prisma.person.findUnique({ where: { id: manager.id } }))?.slackUserId).toBe('U0YUMI0001');
    expect((await readPerson(parts.db.prisma, parts.config, 'U0LEAVER01')).managerSlackId).toBe('U0YUMI0001');
  });

  it('stays unknown (no crash, nothing bound) when Slack has no account with that e-mail', async ({ parts }) => {
    const manager = await leaverWhoseManagerIs(parts, 'gone@example.co.jp');
    expect(await resolver(parts).resolve('U0LEAVER01')).toBeNull();
    expect((await parts.db.prisma.person.findUnique({ where: { id: manager.id } }))?.slackUserId).toBeNull();
  });

  it('asks Slack once about an e-mail without an account, not at every approval, reminder and escalation', async ({ parts }) => {
    await leaverWhoseManagerIs(parts, 'gone@example.co.jp');
    const managers = resolver(parts);
    for (let i = 0; i < 3; i++) expect(await managers.resolve('U0LEAVER01')).toBeNull();
    expect(parts.slack.callsTo('users.lookupByEmail').filter((c) => c.args.email === 'gone@example.co.jp')).toHaveLength(1);
  });
});
