// Free text from people and vendors: cleaned when it comes in, limited in length, escaped when it goes out to
// Slack. Layer 0 (pure; docs/architecture.md).
export { cleanText, stripInvisible } from './clean';
export { checkText, cleanCsvCell, cleanSerial, TEXT_LIMITS, type TextCheck, type TextField } from './limits';
export { escapeMrkdwn } from './mrkdwn';
