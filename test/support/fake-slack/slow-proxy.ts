// A slow network in front of the fake Slack server: every request is passed on at once (the server records it when
// it arrives), and the answer to the named methods is held back for `delayMs` before it reaches the client — a
// Slack that takes its time to answer, for tests of what the bot does meanwhile (test/slack/delivery/outbox.test.ts).
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class SlowProxy {
  private server?: Server;

  constructor(
    private readonly target: string,
    private readonly delayMs: number,
    private readonly methods: string[],
  ) {}

  /** SLACK_API_URL through the proxy */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/api/`;
  }

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = createServer((req, res) => {
      const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const slow = this.methods.some((m) => req.url?.endsWith(`/api/${m}`));
        setTimeout(
          () => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
          slow ? this.delayMs : 0,
        );
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    // a client's kept-alive connections would hold close() open
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
