// What a surface shows before its ack (the /device help footer: "you are a helpdesk member…") from a directory
// read at most SHOWN_TTL_MS ago, shared by every request of the process. Why: Slack wants the ack within 3 s, and a
// burst of 200 commands would otherwise wait for 200 reads of the same helpdesk list before the first ack.
// Only for what is merely shown: nothing is done on the strength of it. Every action still asks checkAccess
// (./check.ts), which reads the directory afresh, so a member removed from the helpdesk loses nothing but, for a
// few seconds, a footer line.
import { authorize, rolesOf, type Directory, type Permission } from '../../domain/authorization';
import type { SlackCoreDeps } from '../deps';
import { directoryOf } from './roles';

export const SHOWN_TTL_MS = 10_000;

type Deps = Pick<SlackCoreDeps, 'db' | 'config'>;

/** One read per database client (each test's app has its own), shared while it is fresh or still running. */
const snapshots = new WeakMap<object, { at: number; directory: Promise<Directory> }>();

function shownDirectory(deps: Deps): Promise<Directory> {
  const hit = snapshots.get(deps.db);
  if (hit && Date.now() - hit.at < SHOWN_TTL_MS) return hit.directory;
  const directory = directoryOf(deps);
  snapshots.set(deps.db, { at: Date.now(), directory });
  // a failed read is not remembered: the next request reads again
  directory.catch(() => {
    if (snapshots.get(deps.db)?.directory === directory) snapshots.delete(deps.db);
  });
  return directory;
}

/** Would `user` be allowed `permission`, for showing only (see above)? */
export async function canShow(deps: Deps, user: string, permission: Permission): Promise<boolean> {
  return authorize(permission, rolesOf(user, await shownDirectory(deps)), {}).allowed;
}
