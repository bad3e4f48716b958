// Downloading a file someone uploaded in a modal (a file_input). The server decides from its own data: the
// submission names only the file id; files.info (files:read, Tier 4, docs.slack.dev/reference/methods/files.info)
// gives the file object, and its url_private_download is fetched with the bot token in an Authorization header
// (docs.slack.dev/reference/objects/file-object) — only when that URL is on Slack's own file host (files.<the API
// host>, or the API's origin), never following a redirect, and never more than `maxBytes` (the file_input
// element allows 10 MB).
import { sameOriginLink } from '../../http/same-origin';
import type { SlackCoreDeps } from '../deps';

export type SlackFile = { ok: true; name: string; bytes: Uint8Array } | { ok: false; problem: 'not_found' | 'too_large' | 'download_failed'; size?: number };

interface FileObject {
  name?: string;
  size?: number;
  url_private_download?: string;
}

export async function downloadSlackFile(deps: Pick<SlackCoreDeps, 'client' | 'logger'>, fileId: string, maxBytes: number): Promise<SlackFile> {
  let file: FileObject | undefined;
  try {
    file = (await deps.client.files.info({ file: fileId })).file as FileObject | undefined;
  } catch (error) {
    deps.logger.warn('files.info failed', { file: fileId, error: (error as Error).message });
  }
  if (!file?.url_private_download) return { ok: false, problem: 'not_found' };
  if ((file.size ?? 0) > maxBytes) return { ok: false, problem: 'too_large', size: file.size };
  const api = new URL(deps.client.slackApiUrl);
  // the bot token only goes to Slack's file host (src/http/same-origin.ts)
  const fileHost = `https://files.${api.hostname}`;
  const url = sameOriginLink(file.url_private_download, api.origin, 'slack', URL.canParse(fileHost) ? [fileHost] : []);
  const res = await fetch(url, { headers: { authorization: `Bearer ${deps.client.token}` }, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  // without files:read Slack answers with its sign-in page (a redirect, or HTML), not the file
  if (res.status !== 200 || /text\/html/i.test(res.headers.get('content-type') ?? '')) {
    deps.logger.warn('the uploaded file could not be downloaded', { file: fileId, status: res.status });
    await res.body?.cancel();
    return { ok: false, problem: 'download_failed' };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.length;
    if (size > maxBytes) return { ok: false, problem: 'too_large', size };
    chunks.push(chunk);
  }
  return { ok: true, name: file.name ?? fileId, bytes: Buffer.concat(chunks) };
}
