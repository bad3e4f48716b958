// The fake Slack Web API server in a process of its own, for benchmarks: in production Slack's servers are not
// in the bot's process, so their work (recording calls, checking every view's Block Kit) must not eat the bot's
// CPU while it is being measured. Controlled over IPC by bench/slack-ack.ts.
import { FakeSlackServer } from '../test/support/fake-slack/fake-slack-server';

type Request = { id: number; op: 'triggers' | 'responseUrls'; count: number } | { id: number; op: 'stop' };

const options = JSON.parse(process.argv[2] ?? '{}') as ConstructorParameters<typeof FakeSlackServer>[0];
const slack = await new FakeSlackServer(options).start();
process.send?.({ ready: true, apiUrl: slack.apiUrl });
process.on('message', async (message: Request) => {
  if (message.op === 'stop') {
    await slack.stop();
    process.send?.({ id: message.id, done: true });
    process.exit(0);
  }
  const make = message.op === 'triggers' ? () => slack.issueTrigger() : () => slack.responseUrl();
  process.send?.({ id: message.id, values: Array.from({ length: message.count }, make) });
});
