// Messages for "abm" in English. Keys are "abm.…"; {name} is a placeholder.
export default {
  // >>> abm.simulated (simulated / android / clomo adapters)
  "abm.simulated.name": "Simulator (a virtual Apple Business Manager for demos)",
  "abm.simulated.activation.enrolled": "{serial} was activated and enrolled in the MDM.",
  "abm.simulated.activation.no_license": "Activation of {serial} stopped at Remote Management: the MDM has no free license. Delete the old device from the MDM to free one, then activate again.",
  "abm.simulated.activation.not_in_abm": "{serial} is not in Apple Business Manager: it needs manual enrollment.",
  "abm.simulated.activation.not_assigned": "{serial} is not assigned to an MDM server, so it was set up without enrolling in the MDM.",
  "abm.simulated.activation.other_mdm": "{serial} is assigned to another MDM server.",
  "abm.simulated.activation.already_enrolled": "{serial} is already enrolled in the MDM.",
  // <<< abm.simulated
} satisfies Record<string, string>;
