// An independent check of Slack's documented Block Kit limits, used by the fake Slack server on every message
// and view (written separately from src/slack/blocks/limits.ts on purpose: the bot's own helper must not be the
// thing that decides whether the bot's output is valid). Sources: api.slack.com/reference/block-kit/blocks,
// …/block-elements, …/composition-objects, …/surfaces/views, and chat.postMessage's "50 blocks" limit.

type Obj = Record<string, unknown>;

export type Surface = 'message' | 'modal' | 'home';

export function checkBlockKit(
  surface: Surface,
  blocks: unknown,
  extra: { title?: unknown; privateMetadata?: unknown; submit?: unknown; close?: unknown } = {},
): string[] {
  const problems: string[] = [];
  const max = surface === 'message' ? 50 : 100;
  if (blocks !== undefined && !Array.isArray(blocks)) return ['blocks must be an array'];
  const list = (blocks ?? []) as Obj[];
  if (list.length > max) problems.push(`${surface} has ${list.length} blocks (max ${max})`);
  if (surface !== 'message') {
    // a modal needs a title (24 characters); a Home tab view has none
    if (surface === 'modal' || extra.title !== undefined) textObject(extra.title, 24, 'view.title', problems, true);
    if (extra.submit !== undefined) textObject(extra.submit, 24, 'view.submit', problems);
    if (extra.close !== undefined) textObject(extra.close, 24, 'view.close', problems);
    if (typeof extra.privateMetadata === 'string' && extra.privateMetadata.length > 3000)
      problems.push(`private_metadata is ${extra.privateMetadata.length} characters (max 3000)`);
  }
  const blockIds = new Set<string>();
  list.forEach((block, i) => {
    const at = `blocks[${i}]`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > 255) problems.push(`${at}.block_id too long`);
      if (blockIds.has(block.block_id)) problems.push(`${at}.block_id "${block.block_id}" repeated`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'header':
        textObject(block.text, 150, `${at}.text`, problems, true);
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) problems.push(`${at}: a section needs text or fields`);
        if (block.text !== undefined) textObject(block.text, 3000, `${at}.text`, problems);
        if (Array.isArray(block.fields)) {
          if (block.fields.length > 10) problems.push(`${at}.fields has ${block.fields.length} items (max 10)`);
          block.fields.forEach((f, j) => {
            textObject(f, 2000, `${at}.fields[${j}]`, problems);
          });
        }
        if (block.accessory) element(block.accessory as Obj, `${at}.accessory`, problems);
        break;
      case 'context': {
        const els = (block.elements ?? []) as Obj[];
        if (els.length === 0 || els.length > 10) problems.push(`${at}.elements has ${els.length} items (1-10)`);
        els.forEach((e, j) => {
          if (e.type === 'mrkdwn' || e.type === 'plain_text') textObject(e, 3000, `${at}.elements[${j}]`, problems);
        });
        break;
      }
      case 'actions': {
        const els = (block.elements ?? []) as Obj[];
        if (els.length === 0 || els.length > 25) problems.push(`${at}.elements has ${els.length} items (1-25)`);
        els.forEach((e, j) => {
          element(e, `${at}.elements[${j}]`, problems);
        });
        break;
      }
      case 'input':
        if (surface === 'message') problems.push(`${at}: input blocks are not allowed in messages`);
        textObject(block.label, 2000, `${at}.label`, problems, true);
        if (block.hint !== undefined) textObject(block.hint, 2000, `${at}.hint`, problems, true);
        if (!block.element) problems.push(`${at}: input needs an element`);
        else element(block.element as Obj, `${at}.element`, problems);
        break;
      case 'divider':
      case 'image':
      case 'rich_text':
      case 'file':
      case 'video':
        break;
      default:
        problems.push(`${at}: unknown block type ${String(block.type)}`);
    }
  });
  return problems;
}

function textObject(value: unknown, max: number, at: string, problems: string[], plainOnly = false): void {
  if (!value || typeof value !== 'object') {
    problems.push(`${at}: missing text object`);
    return;
  }
  const o = value as Obj;
  if (o.type !== 'plain_text' && o.type !== 'mrkdwn') problems.push(`${at}: text object type must be plain_text or mrkdwn`);
  if (plainOnly && o.type !== 'plain_text') problems.push(`${at}: must be plain_text`);
  if (typeof o.text !== 'string' || o.text.length === 0) problems.push(`${at}: text must be at least 1 character`);
  else if (o.text.length > max) problems.push(`${at}: text is ${o.text.length} characters (max ${max})`);
}

function element(e: Obj, at: string, problems: string[]): void {
  if (typeof e.action_id === 'string' && e.action_id.length > 255) problems.push(`${at}.action_id too long`);
  if (e.placeholder !== undefined) textObject(e.placeholder, 150, `${at}.placeholder`, problems, true);
  if (e.type === 'button') {
    textObject(e.text, 75, `${at}.text`, problems, true);
    if (typeof e.value === 'string' && e.value.length > 2000) problems.push(`${at}.value too long`);
  }
  for (const key of ['options', 'initial_options']) {
    const options = e[key];
    if (Array.isArray(options)) {
      if (options.length > 100) problems.push(`${at}.${key} has ${options.length} items (max 100)`);
      options.forEach((o: Obj, j) => {
        textObject(o.text, 75, `${at}.${key}[${j}].text`, problems, e.type !== 'checkboxes' && e.type !== 'radio_buttons');
        if (typeof o.value === 'string' && o.value.length > 150) problems.push(`${at}.${key}[${j}].value too long`);
      });
    }
  }
  if (e.initial_option) textObject((e.initial_option as Obj).text, 75, `${at}.initial_option.text`, problems, e.type !== 'radio_buttons');
  if (e.type === 'static_select' && !Array.isArray(e.options) && !Array.isArray(e.option_groups)) problems.push(`${at}: static_select needs options`);
  if (e.type === 'static_select' && Array.isArray(e.options) && e.options.length === 0) problems.push(`${at}: static_select needs at least one option`);
}
