// Messages for "abm" in English. Keys are "abm.…"; {name} is a placeholder.
export default {
  // >>> abm.simulated (simulated / android / clomo adapters)
  'abm.simulated.name': 'Simulator (a virtual Apple Business Manager for demos)',
  'abm.simulated.activation.enrolled': '{serial} was activated and enrolled in the MDM.',
  'abm.simulated.activation.no_license':
    'Activation of {serial} stopped at Remote Management: the MDM has no free license. Delete the old device from the MDM to free one, then activate again.',
  'abm.simulated.activation.not_in_abm': '{serial} is not in Apple Business Manager: it needs manual enrollment.',
  'abm.simulated.activation.not_assigned': '{serial} is not assigned to an MDM server, so it was set up without enrolling in the MDM.',
  'abm.simulated.activation.other_mdm': '{serial} is assigned to another MDM server.',
  'abm.simulated.activation.already_enrolled': '{serial} is already enrolled in the MDM.',
  // <<< abm.simulated
  // >>> abm.apple (Apple Business Manager API adapter)
  'abm.apple.name': 'Apple Business Manager',
  'abm.apple.activity.kind.ASSIGN_DEVICES': 'assign to the MDM server',
  'abm.apple.activity.kind.UNASSIGN_DEVICES': 'unassign from the MDM server',
  'abm.apple.activity.kind.RELEASE_DEVICES': 'release from the organisation',
  'abm.apple.activity.status.IN_PROGRESS': 'in progress',
  'abm.apple.activity.status.COMPLETED': 'completed',
  'abm.apple.activity.status.FAILED': 'failed',
  'abm.apple.activity.device_failed': '{serial}: Apple Business Manager could not {kind}: {error}',
  'abm.apple.activity.partly_failed': 'Apple Business Manager completed the activity, but {failed} device(s) did not get the change.',
  'abm.apple.config.missing': 'Apple Business Manager API settings are missing: {variables}',
  // <<< abm.apple
} satisfies Record<string, string>;
