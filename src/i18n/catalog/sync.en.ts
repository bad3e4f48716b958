// Messages for "sync" in English. Keys are "sync.…"; {name} is a placeholder.
export default {
  'sync.report.title': 'MDM → ledger sync finished ({sources}), started by {actor}',
  'sync.report.titleDryRun': 'MDM → ledger sync DRY RUN ({sources}), started by {actor}: nothing was written; this is what would change',
  'sync.report.counts':
    '{source}: scanned {scanned} · matched {matched} (unchanged {unchanged}, updated {updated}, check-in time only {refreshed}) · created {created} · SYS-prefixed asset numbers {sysPrefixed} · skipped {skipped}',
  'sync.report.sourceFailed': '{source}: the sync failed — {error}. Pages written before the failure are kept; the next run continues from there.',
  'sync.report.csvTruncated': 'The attached CSV shows the first {shown} of {total} changes; the full list is at {path}',
  'sync.report.alreadyRunning': 'A sync is already running (in this or another bot process). Try again when it has finished.',
  'sync.report.notInMdm':
    '{source}: {count} ledger devices are no longer in the MDM — unlinked and marked "not in MDM since" today (they can now be edited or deleted in the ledger)',
  'sync.skip.ambiguous_match': '{source}: {count} skipped — several ledger devices have the same matching key (fix the duplicates in the ledger)',
  'sync.skip.owned_by_other_source': '{source}: {count} skipped — the matching ledger device is already fed by another MDM (one device, one source)',
  'sync.skip.duplicate_serial': '{source}: {count} skipped — an older record of a device that is already linked (same serial; remove the stale MDM record)',
  'sync.skip.key_bound_to_other_device': '{source}: {count} skipped — the ledger device holding this key is linked to another MDM device',
  'sync.skip.deleted_in_mdm': '{source}: {count} skipped — the MDM reports the record as deleted',
  'sync.drift.retiredButManaged': 'Ledger says retired/disposed, but the MDM still manages it: {count}',
  'sync.drift.notInLedger': 'MDM devices that had no ledger record (added to the ledger by this sync): {count}',
  'sync.drift.abmNotEnrolled': 'Assigned to our MDM server in Apple Business Manager but never enrolled (older than the configured days): {count}',
  'sync.drift.adeAssignedRetired': 'Retired/disposed in the ledger but still assigned in Apple Business Manager (it would enrol again): {count}',
  'sync.drift.duplicateSerials': 'Duplicate serial numbers: {count}',
  'sync.drift.sourceConflicts': 'Devices reported by two MDMs (the ledger keeps the first source): {count}',
  'sync.drift.noUser': 'Devices with no user (none in the MDM, none in the ledger): {count}',
  'sync.drift.assetConflicts': 'Asset numbers left empty because the number and its SYS form already exist: {count}',
  'sync.drift.unresolvedAssignees':
    'Devices whose MDM user is not in the directory (recorded as an unresolved assignee; the previous owner was removed): {count}',
  'sync.drift.notInMdm': 'Ledger devices no longer in their MDM (unlinked; "not in MDM since" the date shown): {count}',
  'sync.drift.item': '{serial} · {name} · {source} · {id} {detail}',
  'sync.drift.more': '… and {count} more (see the CSV / sync run record)',
  'sync.drift.none': 'Drift report: nothing looks wrong across MDM, ABM and ledger.',
  'sync.drift.failed': 'Part of the drift report could not be computed: {error}',
  'sync.error.deleteLinked':
    'This device is linked to the MDM "{source}" and cannot be deleted from the ledger. Remove it from the MDM, or unlink the MDM (keep or delete its devices).',
  'sync.unlink.done': 'Unlinked the MDM "{source}": {unlinked} devices kept as manual records, {deleted} devices deleted.',
  'sync.unlink.busy': 'A sync is running; unlink again once it has finished.',
} satisfies Record<string, string>;
