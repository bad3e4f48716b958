// Where a manager comes from (src/slack/people/managers.ts), on both databases, with the fake Slack Web API:
// the Slack profile field is no manager source unless the admin enables it (MANAGER_SLACK_PROFILE_ENABLED); when
// enabled it is read again every time, kept only as a marked cache that the `person` source never returns and the
// workflows ignore once the flag is off, dropped when the profile stops naming anyone, and never written over a
// manager an admin set.
import { describe, expect } from 'vitest';
import { loadConfig } from '../../../src/config/load';
import { silentLogger } from '../../../src/log/logger';
import { ManagerResolver } from '../../../src/slack/people/managers';
import { readPerson } from '../../../src/workflows/shared/device-facts';
import { DIALECTS } from '../../support/databases';
import { partsTest, USERS, type SlackParts } from '../harness';

const resolver = (parts: SlackParts) => new ManagerResolver({ db: parts.db.prisma, client: parts.chat.client, config: parts.config, logger: silentLogger });
/** The manager's own profile names `value` as their manager. */
const profileSays = (parts: SlackParts, value: string | null) =>
  parts.slack.addUser({
    id: USERS.manager,
    name: 'mgr',
    real_name: '山田 部長',
    locale: 'ja-JP',
    email: 'yamada@example.com',
    fields: value ? { Xf0MANAGER: value } : {},
  });
const person = (parts: SlackParts, slackUserId: string) => parts.db.prisma.person.findUnique({ where: { slackUserId }, include: { manager: true } });

describe.each(DIALECTS)('manager sources on %s', (dialect) => {
  describe('by default', () => {
    const it = partsTest(dialect, { env: { MANAGER_SLACK_PROFILE_ENABLED: '' } });

    it('the Slack profile is not read, even when MANAGER_SOURCES lists it and the field is set', async ({ parts }) => {
      expect(loadConfig({}).MANAGER_SLACK_PROFILE_ENABLED).toBe(false);
      expect(parts.config.MANAGER_SOURCES).toEqual(['person', 'slack_profile']);
      const managers = resolver(parts);
      expect(managers.sources).toEqual(['person']);
      expect(await managers.resolve(USERS.manager)).toBeNull();
      expect(parts.slack.callsTo('users.profile.get')).toHaveLength(0);
      // the directory (an admin's source) still answers
      expect(await managers.resolve(USERS.employee)).toEqual({ slackUserId: USERS.manager, source: 'person' });
    });

    it('a manager cached while the profile was trusted counts for nothing, and goes at the next look-up', async ({ parts }) => {
      const boss = await parts.db.prisma.person.create({ data: { slackUserId: USERS.bigBoss, displayName: 'Boss' } });
      await parts.db.prisma.person.update({ where: { slackUserId: USERS.manager }, data: { managerId: boss.id, managerSource: 'slack_profile' } });
      expect((await readPerson(parts.db.prisma, parts.config, USERS.manager)).managerSlackId).toBeNull();
      expect(await resolver(parts).resolve(USERS.manager)).toBeNull();
      expect((await person(parts, USERS.manager))?.managerId).toBeNull();
    });
  });

  describe('enabled by the admin', () => {
    const it = partsTest(dialect); // the harness sets MANAGER_SLACK_PROFILE_ENABLED=true

    it('is read again at every look-up, kept only as a marked cache, and dropped when the profile names nobody', async ({ parts }) => {
      const managers = resolver(parts);
      expect(await managers.resolve(USERS.manager)).toEqual({ slackUserId: USERS.bigBoss, source: 'slack_profile' });
      let row = await person(parts, USERS.manager);
      expect([row?.manager?.slackUserId, row?.managerSource]).toEqual([USERS.bigBoss, 'slack_profile']);
      // the workflows see the cache while the flag is on…
      expect((await readPerson(parts.db.prisma, parts.config, USERS.manager)).managerSlackId).toBe(USERS.bigBoss);

      // …but it is never the truth: the member edits the field, the next look-up (a decision) reads it again
      profileSays(parts, `<@${USERS.other}>`);
      expect(await managers.isManagerNow(USERS.manager, USERS.bigBoss)).toBe(false);
      expect(await managers.managerOf(USERS.manager)).toBe(USERS.other);
      expect(parts.slack.callsTo('users.profile.get').length).toBeGreaterThanOrEqual(3);

      profileSays(parts, null);
      expect(await managers.resolve(USERS.manager)).toBeNull();
      row = await person(parts, USERS.manager);
      expect([row?.managerId, row?.managerSource]).toEqual([null, null]);
    });

    it('never overwrites a manager an admin set', async ({ parts }) => {
      const config = { ...parts.config, MANAGER_SOURCES: ['slack_profile', 'person'] as ('slack_profile' | 'person')[] };
      const managers = new ManagerResolver({ db: parts.db.prisma, client: parts.chat.client, config, logger: silentLogger });
      const hd = await parts.db.prisma.person.create({ data: { slackUserId: USERS.helpdesk, displayName: 'Helen' } });
      await parts.db.prisma.person.update({ where: { slackUserId: USERS.manager }, data: { managerId: hd.id, managerSource: null } });
      expect(await managers.resolve(USERS.manager)).toEqual({ slackUserId: USERS.bigBoss, source: 'slack_profile' });
      const row = await person(parts, USERS.manager);
      expect([row?.manager?.slackUserId, row?.managerSource]).toEqual([USERS.helpdesk, null]);
    });
  });
});
