// Issue 14, point 3: an outage is not an absence. Every vendor adapter the device pickers and /device lookup ask
// (Intune, Jamf Pro, Android, ABM, and the Josys / Snipe-IT ledgers), built for real against its fake server and
// then timing out, answering 503 or refusing connections: lookup, the replace modal's picker and the offboard
// modal's device list say "unavailable (… did not answer; try again)" — in English and in Japanese — and never
// "nothing found", "no record" or "no device". Through the real Bolt app over signed HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import type { Services } from '../../../src/ports/services';
import { ACTIONS } from '../../../src/slack/ids';
import { selectUser } from '../access/world';
import { ephemeral, openReplaceModal } from '../flows';
import { type Harness, startHarness, USERS, waitFor } from '../harness';
import { failingVendor, type FailingVendor, OUTAGES, VENDORS } from './outage-vendors';

// the Japanese-speaking user (Slack locale ja-JP) is made helpdesk too, to see the same answers in Japanese
const JA = USERS.other;

/** The employee's phone in the built-in ledger (for the cases where the failing vendor is not the ledger). */
async function seedLedger(h: Harness): Promise<void> {
  const ledger = createBuiltinLedger(h.db.prisma);
  const by = { actor: 'seed' };
  const phone = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock', assetNumber: 'PC-0042' }, by);
  await ledger.assign(phone.id, { email: 'emma@example.com', slackUserId: USERS.employee }, by);
  await ledger.setStatus(phone.id, 'in_use', 'seed', by);
}

function servicesWith(vendor: FailingVendor) {
  return (db: Harness['db']['prisma']): Pick<Services, 'ledger' | 'mdms' | 'abm'> => {
    const f = vendor.failing;
    return {
      ledger: f.kind === 'ledger' ? f.port : createBuiltinLedger(db),
      mdms: f.kind === 'mdm' ? [f.port] : [],
      abm: f.kind === 'abm' ? f.port : null,
    };
  };
}

/** The offboard modal opened by `user` for the employee, once the employee's device list is shown. */
async function offboardViewText(h: Harness, user: string): Promise<string> {
  const before = h.slack.callsTo('views.open').length;
  await h.send.command(user, 'offboard');
  const id = (await waitFor(() => h.slack.callsTo('views.open')[before])).response.view.id as string;
  await selectUser(h, user, ACTIONS.modalSubject.offboard, USERS.employee, h.slack.views.get(id)!);
  const shown = () => h.slack.views.get(id)!;
  await waitFor(() => JSON.parse(shown().private_metadata).s === USERS.employee);
  return JSON.stringify(shown().blocks);
}

const ABSENCE_EN = /Nothing found|no record|No device found|no device on record|No ledger record|no MDM knows/;
const ABSENCE_JA = /見つかりません|記録なし|登録された端末がない/;

describe.each(VENDORS)('$name does not answer', (vendor) => {
  let h: Harness | undefined;
  let failing: FailingVendor | undefined;
  afterEach(async () => {
    await h?.close();
    await failing?.close();
    h = undefined;
    failing = undefined;
  });

  it.each(OUTAGES)(
    '%s: lookup and the device pickers say "unavailable", never "not found"',
    async (outage) => {
      failing = await failingVendor(vendor, outage);
      h = await startHarness('sqlite', { env: { HELPDESK_USER_IDS: `${USERS.helpdesk},${JA}` }, services: servicesWith(failing) });
      const kind = failing.failing.kind;
      if (kind !== 'ledger') await seedLedger(h);
      const unavailableEn = `unavailable (${failing.shownAs} did not answer; try again)`;
      const shownJa = failing.shownAs === 'the ledger' ? '台帳' : failing.shownAs;
      const unavailableJa = `利用できません（${shownJa} が応答しませんでした。もう一度お試しください）`;

      // /device lookup of a serial the records hold
      await h.send.command(USERS.helpdesk, 'lookup OLD123');
      const known = await ephemeral(h, 'OLD123');
      expect(known).toContain(unavailableEn);
      expect(known).not.toMatch(kind === 'abm' ? /Still assigned in ABM|No ledger record/ : ABSENCE_EN);
      await h.send.command(JA, 'lookup OLD123');
      const knownJa = await ephemeral(h, /OLD123.*(利用できません|照会)/s);
      expect(knownJa).toContain(unavailableJa);

      if (kind === 'abm') {
        // ABM is not asked for the pickers: they list the ledger's phone, complete
        const { picker, view } = await openReplaceModal(h, USERS.employee);
        expect(JSON.stringify(picker)).toContain('OLD123');
        expect(JSON.stringify(view.blocks)).not.toContain('unavailable');
        return;
      }

      // a serial nobody knows, while a source is down: unavailable, not "nothing found"
      await h.send.command(USERS.helpdesk, 'lookup NOPE999');
      const unknown = await ephemeral(h, 'NOPE999');
      expect(unknown).toContain(unavailableEn);
      expect(unknown).not.toMatch(ABSENCE_EN);

      // the replace modal's picker (the employee, English)
      const { view } = await openReplaceModal(h, USERS.employee);
      const replaceText = JSON.stringify(view.blocks);
      expect(replaceText).toContain(`The device list is unavailable (${failing.shownAs} did not answer; try again)`);
      expect(replaceText).toContain('Not in the list (the list is incomplete)');
      expect(replaceText).not.toMatch(ABSENCE_EN);
      if (kind === 'mdm') expect(replaceText).toContain('OLD123'); // what the ledger knows is still offered

      // the offboard modal's device list (the helpdesk, English and Japanese)
      const offboardEn = await offboardViewText(h, USERS.helpdesk);
      expect(offboardEn).toContain(`The device list is unavailable (${failing.shownAs} did not answer; try again)`);
      expect(offboardEn).not.toMatch(ABSENCE_EN);
      const offboardJa = await offboardViewText(h, JA);
      expect(offboardJa).toContain(`端末一覧を取得できません（${shownJa} が応答しませんでした。もう一度お試しください）`);
      expect(offboardJa).not.toMatch(ABSENCE_JA);
      expect(h.slack.violations).toEqual([]);
    },
    30_000,
  );
});

describe('a source that answers nothing within the Slack layer’s own limit (2.5 s)', () => {
  it('lookup counts the silence as unavailable, not as an empty answer', async () => {
    const never = new Promise<never>(() => undefined);
    const h2 = await startHarness('sqlite', {
      services: (db) => {
        // a port that never settles: only the Slack layer's own time limit ends the wait
        const mdm = {
          source: 'hanging',
          capabilities: { findBySerial: true, findByUser: true },
          findBySerial: () => never,
          findByUser: () => never,
          licenseStatus: () => never,
          destructiveNotes: () => [],
        };
        return { ledger: createBuiltinLedger(db), mdms: [mdm as never], abm: null };
      },
    });
    try {
      await h2.send.command(USERS.helpdesk, 'lookup NOPE999');
      const text = await ephemeral(h2, 'NOPE999');
      expect(text).toContain('unavailable (MDM hanging did not answer; try again)');
      expect(text).not.toContain('Nothing found');
    } finally {
      await h2.close();
    }
  }, 15_000);
});
