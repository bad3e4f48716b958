// Messages for "approvals" (who decides, and decisions that are never skipped nor lost) in English. Keys are
// "approvals.…".
export default {
  'approvals.nobody.replacement':
    'Nobody can approve this replacement: the person has no manager the bot may use, and no one else is set up to approve (the requester and the person themselves never approve). Fix one of these settings, then press Retry: a manager in the directory or in MANAGER_MAPPING_FILE (MANAGER_SOURCES), REPLACEMENT_FALLBACK_APPROVER_IDS, or HELPDESK_USER_IDS.',
  'approvals.nobody.offboarding':
    'Nobody can approve this offboarding: every approver set up is the requester or the leaving person, and the leaving person has no manager the bot knows. Fix OFFBOARDING_APPROVER_IDS (or OFFBOARDING_FALLBACK_APPROVER_IDS, HELPDESK_USER_IDS, or the manager in the directory / MANAGER_MAPPING_FILE), then press Retry.',
  'approvals.nobody.confirmation': 'Nobody can answer this confirmation. Fix HELPDESK_USER_IDS, then press Retry.',
  'approvals.decision.ignored.own_workflow': 'A decision from <@{by}> was ignored: the requester and the person the request is about never approve it.',
  'approvals.decision.ignored.role': 'A decision from <@{by}> was ignored: they are not among the people who may decide this step.',
  'approvals.decision.ignored.not_recorded': 'A decision from <@{by}> was ignored: it does not match the decision recorded for this step.',
  'approvals.refused.subject': 'This request is about you: you cannot approve it. Your manager or an approver will decide.',
  'approvals.refused.manager_changed': 'You were asked as the manager named in a Slack profile, which no longer names you. Your decision was not recorded.',
  'approvals.refused.not_waiting':
    'The workflow is not waiting for this decision right now (the step is {status}). Nothing was recorded; the buttons stay. If the step failed, the helpdesk can Retry it first.',
  'approvals.refused.workflow_ended': 'This workflow has already ended ({status}). Nothing was recorded.',
  'approvals.refused.busy': 'A decision for this step is being processed. Nothing was recorded; try again in a moment.',
  'approvals.redelivered': 'The decision of {who} was recorded but had not reached the workflow; it has now been delivered.',
};
