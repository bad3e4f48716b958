// Files people upload to Slack (a modal's file_input), as the fake Slack server keeps them: the file object Slack
// puts in view.state.values and answers in files.info (docs.slack.dev/reference/objects/file-object,
// …/reference/methods/files.info: files:read, Tier 4), and the bytes behind url_private_download, which Slack
// serves only with the bot token in an Authorization header (without it: a redirect to the sign-in page).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Obj } from './wire';

export interface UploadedFile {
  id: string;
  name: string;
  bytes: Buffer;
  user: string;
  mimetype: string;
}

export class FakeSlackFiles {
  readonly uploads = new Map<string, UploadedFile>();
  /** every download attempt: which file, and whether it carried the bot token */
  readonly downloads: { id: string; authorized: boolean }[] = [];
  /** where url_private_download points (default: this server); a test points it at another host */
  downloadBase?: string;
  private counter = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly botToken: string,
  ) {}

  /** A user uploads a file through a file_input: returns the file object as view.state.values holds it. */
  upload(user: string, name: string, bytes: Buffer | string, mimetype = 'text/csv'): Obj {
    const id = `F0UPLOAD${++this.counter}`;
    this.uploads.set(id, { id, name, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8'), user, mimetype });
    return this.fileObject(this.uploads.get(id)!);
  }

  fileObject(f: UploadedFile): Obj {
    const url = `${this.baseUrl()}/files-pri/T0FAKE-${f.id}`;
    const download = `${this.downloadBase ?? this.baseUrl()}/files-pri/T0FAKE-${f.id}`;
    return {
      id: f.id,
      created: 1_700_000_000,
      timestamp: 1_700_000_000,
      name: f.name,
      title: f.name,
      mimetype: f.mimetype,
      filetype: f.name.split('.').pop() ?? 'text',
      pretty_type: 'CSV',
      user: f.user,
      size: f.bytes.length,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      url_private: `${url}/${encodeURIComponent(f.name)}`,
      url_private_download: `${download}/download/${encodeURIComponent(f.name)}`,
    };
  }

  /** files.info: the file object, or file_not_found. */
  info(args: Obj): { status: number; body: Obj } {
    const file = this.uploads.get(String(args.file ?? ''));
    if (!file) return { status: 200, body: { ok: false, error: 'file_not_found' } };
    return { status: 200, body: { ok: true, file: this.fileObject(file), comments: [], response_metadata: { next_cursor: '' } } };
  }

  /** GET /files-pri/T0FAKE-<id>/…: the bytes with the bot token, else the sign-in page's redirect. */
  serve(path: string, req: IncomingMessage, res: ServerResponse): void {
    const id = /^\/files-pri\/T0FAKE-([^/]+)/.exec(path)?.[1] ?? '';
    const authorized = req.headers.authorization === `Bearer ${this.botToken}`;
    this.downloads.push({ id, authorized });
    const file = this.uploads.get(id);
    if (!authorized) return void res.writeHead(302, { location: `${this.baseUrl()}/signin?redir=${encodeURIComponent(path)}` }).end();
    if (!file) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>File not found</html>');
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(file.bytes.length) }).end(file.bytes);
  }
}
