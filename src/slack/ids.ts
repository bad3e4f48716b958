// Every id Slack sends back to route an interaction to a listener: button action_ids, modal callback_ids, the
// message shortcut's callback_id and the slash command. The renderers put these ids on buttons and modals, the
// listeners register for them, the tests press them: one module, so the two sides cannot drift apart.
// The VALUES are a contract with Slack and must never change: buttons in messages posted months ago still carry
// them, and manifest.yml names the shortcut and the command.
// Not here: the action_ids of a modal's own input fields (read only by that modal's parser, in the same file)
// and block_ids.

/** Button (and select) action_ids, grouped by the message or view they sit on. */
export const ACTIONS = {
  /** approval and confirmation requests in a workflow thread (render/decision.ts) */
  decision: {
    approve: 'approval.approve',
    reject: 'approval.reject',
    confirm: 'confirm.done',
    fail: 'confirm.failed',
  },
  /** a failed step's message (render/workflow.ts); helpdesk only (Skip: not on a decision step; Cancel: not once a
   *  destructive step started) */
  failedStep: {
    retry: 'step.retry',
    skip: 'step.skip',
    cancelWorkflow: 'workflow.cancel',
  },
  /** the workflow's parent message (render/workflow.ts): Cancel until the first destructive step starts */
  parent: {
    cancel: 'parent.cancel',
  },
  /** a guided manual task (render/manual-task.ts); helpdesk only */
  manualTask: {
    done: 'manual.done',
    failed: 'manual.failed',
  },
  /** the App Home's start buttons (features/home.ts) */
  home: {
    replace: 'home.replace',
    offboard: 'home.offboard',
  },
  /** the person pickers of the replace / offboard modals (dispatch_action: the device list reloads) */
  modalSubject: {
    replace: 'replace.subject',
    offboard: 'offboard.subject',
  },
} as const;

/** Modal callback_ids (view_submission). */
export const VIEWS = {
  replace: 'replace.submit',
  offboard: 'offboard.submit',
  /** /device offboard-bulk: the CSV of leaving people (features/bulk-offboard.ts) */
  bulkOffboard: 'offboard_bulk.submit',
  /** the "why?" modal: reject an approval, fail a confirmation, skip a failed step */
  reason: 'reason.submit',
} as const;

/** Shortcut callback_ids (manifest.yml → features.shortcuts). */
export const SHORTCUTS = {
  replaceFromMessage: 'device_replace_from_message',
} as const;

/** Slash commands (manifest.yml → features.slash_commands). */
export const COMMANDS = {
  device: '/device',
} as const;
