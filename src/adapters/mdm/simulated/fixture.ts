// The simulated fleet's seed file (fixtures/simulated-fleet.json, SIMULATED_FLEET_FILE): a small company
// the admin can edit to try the bot. Loaded once, on first start, when the simulation tables are empty.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { ValidationError } from '../../../errors';
import { productFamilyOf } from './fleet-abm';

const platform = z.enum(['ios', 'ipados', 'android', 'macos', 'windows', 'other']);

const deviceSchema = z.object({
  serial: z.string().min(1),
  name: z.string().min(1),
  platform,
  model: z.string().optional(),
  manufacturer: z.string().optional(),
  osVersion: z.string().optional(),
  userEmail: z.string().optional(),
  userUpn: z.string().optional(),
  supervised: z.boolean().default(false),
  ownership: z.enum(['corporate', 'personal']).default('corporate'),
  managementState: z.enum(['managed', 'wiped', 'retired', 'pre_registered']).default('managed'),
  lostMode: z.boolean().default(false),
  adeEnrolled: z.boolean().default(false),
  profileRemovalRestricted: z.boolean().default(false),
  vppLicenses: z.number().int().min(0).default(0),
  blockingCertificate: z.boolean().default(false),
  autoInstalledApps: z.number().int().min(0).default(0),
  storageGb: z.number().positive().optional(),
  enrolledAt: z.iso.datetime().optional(),
  lastCheckInAt: z.iso.datetime().optional(),
  /** ABM side of an ADE device: assigned to this server id (default: the default server), or unassigned */
  abm: z.union([z.literal('unassigned'), z.object({ server: z.string().optional() })]).optional(),
});

export const fleetFixtureSchema = z.object({
  /** MDM seats bought; zero free is the normal case (DOMAIN.md) */
  licenseTotal: z.number().int().min(0),
  abmServers: z
    .array(z.object({ id: z.string().min(1), name: z.string().min(1), isDefault: z.boolean().default(false), mdmSource: z.string().nullable().default(null) }))
    .default([]),
  /** people of the company (written to the Person table if their email is not there yet) */
  people: z
    .array(
      z.object({
        email: z.email(),
        displayName: z.string().min(1),
        locale: z.enum(['ja', 'en']).optional(),
        managerEmail: z.email().optional(),
        isHelpdesk: z.boolean().optional(),
        slackUserId: z.string().optional(),
      }),
    )
    .default([]),
  devices: z.array(deviceSchema).default([]),
  /** ADE devices in ABM that have not enrolled (e.g. delivered spares) */
  abmDevices: z
    .array(z.object({ serial: z.string().min(1), model: z.string().min(1), server: z.string().nullable().optional(), addedAt: z.iso.datetime().optional() }))
    .default([]),
});

export type FleetFixture = z.infer<typeof fleetFixtureSchema>;
export type FleetFixtureDevice = z.infer<typeof deviceSchema>;

export function readFleetFixture(file: string): FleetFixture {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ValidationError(`simulated fleet: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = fleetFixtureSchema.safeParse(json);
  if (!parsed.success)
    throw new ValidationError(`simulated fleet: ${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * Seeds the simulation tables from the fixture when they are empty (first start); returns whether it did.
 * An admin's edits to the running simulation are never overwritten by a restart.
 */
export async function seedSimulatedFleet(db: Db, file: string | FleetFixture, options: { now?: Date } = {}): Promise<boolean> {
  const [devices, servers, settings] = await Promise.all([db.simMdmDevice.count(), db.simAbmServer.count(), db.simSetting.count()]);
  if (devices + servers + settings > 0) return false;
  const fixture = typeof file === 'string' ? readFleetFixture(file) : fleetFixtureSchema.parse(file);
  await loadFixture(db, fixture, options.now ?? new Date());
  return true;
}

async function loadFixture(db: Db, fixture: FleetFixture, now: Date): Promise<void> {
  const defaultServer = fixture.abmServers.find((s) => s.isDefault)?.id ?? null;
  await db.$transaction(async (tx) => {
    await tx.simSetting.create({ data: { key: 'licenseTotal', valueJson: JSON.stringify(fixture.licenseTotal) } });
    for (const server of fixture.abmServers) await tx.simAbmServer.create({ data: server });

    for (const d of fixture.devices) {
      const serial = d.serial.trim().toUpperCase();
      const enrolledAt = d.enrolledAt ? new Date(d.enrolledAt) : new Date(now.getTime() - 180 * 86_400_000);
      await tx.simMdmDevice.create({
        data: {
          serial,
          name: d.name,
          platform: d.platform,
          model: d.model ?? null,
          manufacturer: d.manufacturer ?? (d.platform === 'android' || d.platform === 'windows' ? null : 'Apple'),
          osVersion: d.osVersion ?? null,
          userEmail: d.userEmail ?? null,
          userUpn: d.userUpn ?? d.userEmail ?? null,
          supervised: d.supervised,
          ownership: d.ownership,
          managementState: d.managementState,
          lostMode: d.lostMode,
          adeEnrolled: d.adeEnrolled,
          profileRemovalRestricted: d.profileRemovalRestricted,
          vppLicenses: d.vppLicenses,
          blockingCertificate: d.blockingCertificate,
          autoInstalledApps: d.autoInstalledApps,
          registrationState: d.managementState === 'pre_registered' ? 'notRegisteredPendingEnrollment' : 'registered',
          storageGb: d.storageGb ?? null,
          enrolledAt,
          lastCheckInAt: d.lastCheckInAt ? new Date(d.lastCheckInAt) : new Date(now.getTime() - 3_600_000),
        },
      });
      if (d.adeEnrolled || d.abm) {
        const serverId = d.abm === 'unassigned' ? null : (d.abm?.server ?? defaultServer);
        await tx.simAbmDevice.create({
          data: {
            serial,
            model: d.model ?? null,
            productFamily: productFamilyOf(d.model),
            status: serverId ? 'ASSIGNED' : 'UNASSIGNED',
            mdmServerId: serverId,
            addedAt: new Date(enrolledAt.getTime() - 7 * 86_400_000),
          },
        });
      }
    }

    for (const a of fixture.abmDevices) {
      const serverId = a.server === undefined ? defaultServer : a.server;
      await tx.simAbmDevice.create({
        data: {
          serial: a.serial.trim().toUpperCase(),
          model: a.model,
          productFamily: productFamilyOf(a.model),
          status: serverId ? 'ASSIGNED' : 'UNASSIGNED',
          mdmServerId: serverId,
          addedAt: a.addedAt ? new Date(a.addedAt) : now,
        },
      });
    }

    // People go to the shared Person table (the directory the ledger and approvals use), only when missing,
    // so a real directory sync is never overwritten by demo data.
    const ids = new Map<string, string>();
    for (const p of fixture.people) {
      const existing = await tx.person.findUnique({ where: { email: p.email } });
      const person =
        existing ??
        (await tx.person.create({
          data: {
            email: p.email,
            upn: p.email,
            displayName: p.displayName,
            locale: p.locale ?? null,
            isHelpdesk: p.isHelpdesk ?? false,
            slackUserId: p.slackUserId ?? null,
          },
        }));
      ids.set(p.email, person.id);
    }
    for (const p of fixture.people) {
      const managerId = p.managerEmail ? ids.get(p.managerEmail) : undefined;
      if (managerId) await tx.person.updateMany({ where: { id: ids.get(p.email)!, managerId: null }, data: { managerId } });
    }
  });
}
