// A link a vendor hands back — a pagination link (Graph's @odata.nextLink, ABM's links.next), a file's download
// URL — is followed with our credentials attached. A vendor bug, a proxy or a tampered answer could point it
// anywhere, and the bearer token would go along. So every such link is resolved against where the request went
// and followed only when its origin (scheme, host and port) is one we trust: the configured service itself, or
// a host the caller names. Never the link itself in the error: its query can carry a token.
import { PermanentError } from '../errors';

/**
 * The absolute URL of `link` (absolute, or relative to `base`), or a PermanentError naming the system when its
 * origin is not `base`'s origin nor one of `alsoAllowed` (origins such as "https://files.slack.com").
 */
export function sameOriginLink(link: string, base: string, system: string, alsoAllowed: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(link, base);
  } catch {
    throw new PermanentError(`${system}: the service answered a link that is not a URL`, { system });
  }
  const allowed = [new URL(base).origin, ...alsoAllowed.map((o) => new URL(o).origin)];
  if (!allowed.includes(url.origin))
    throw new PermanentError(`${system}: refusing to follow a link to another host (${url.origin}); credentials are only sent to ${allowed.join(', ')}`, {
      system,
    });
  return url.toString();
}
