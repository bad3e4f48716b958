// Whether the bot's link to Slack is up, for GET /healthz (src/runtime/health.ts).
// - Socket Mode: Slack's websocket. The Socket Mode client calls apps.connections.open, opens the websocket, and
//   counts as connected once Slack's `hello` message arrives; it reconnects by itself when Slack refreshes or
//   drops the connection (https://docs.slack.dev/apis/events-api/using-socket-mode). Its state events are
//   tracked here.
// - HTTP mode: Slack calls us, so "up" means our HTTP server listens.
import { SocketModeReceiver } from '@slack/bolt';

export interface SlackConnection {
  mode: 'socket' | 'http';
  connected: boolean;
  /** the Socket Mode client's last state (connecting, connected, reconnecting, disconnected…), or http's */
  state: string;
  /** when that state began */
  since: Date;
}

type ReceiverLogger = ConstructorParameters<typeof SocketModeReceiver>[0]['logger'];

/** A Socket Mode receiver whose connection state can be read. */
export function trackedSocketMode(options: { appToken: string; logger: ReceiverLogger; clientOptions: { slackApiUrl?: string } }): {
  receiver: SocketModeReceiver;
  connection: () => SlackConnection;
} {
  const receiver = new SocketModeReceiver({ appToken: options.appToken, logger: options.logger, installerOptions: { clientOptions: options.clientOptions } });
  let current: SlackConnection = { mode: 'socket', connected: false, state: 'not started', since: new Date() };
  for (const state of ['connecting', 'connected', 'reconnecting', 'disconnecting', 'disconnected']) {
    receiver.client.on(state, () => (current = { mode: 'socket', connected: state === 'connected', state, since: new Date() }));
  }
  // the websocket closed: the client reconnects (its 'reconnecting' event follows, after a delay)
  receiver.client.on('close', () => (current = { mode: 'socket', connected: false, state: 'closed', since: new Date() }));
  return { receiver, connection: () => current };
}
