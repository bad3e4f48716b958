// Jamf Pro error answers → the port's typed errors. The Jamf Pro API answers failures with an ApiError body
// `{"httpStatus":404,"errors":[{"code":"…","description":"…","field":"…","id":"…"}]}` (_MonolithLibrary.yaml);
// the Classic API with an HTML/XML page. Jamf's 403 does not say which privilege is missing, so the adapter
// names the privilege the operation needs (`withPrivilege`).
import { type DeviceBotError, ForbiddenError } from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { errorForStatus } from '../../../http/status-error';
import { scrub } from '../../../log/scrub';

const SYSTEM = 'jamf';

interface ApiError {
  httpStatus?: number;
  errors?: { code?: string; description?: string; field?: string | null; id?: string | null }[];
}

export function jamfErrorParts(body: unknown): { code?: string; description?: string } {
  if (body && typeof body === 'object') {
    const first = (body as ApiError).errors?.[0];
    return { code: first?.code, description: first?.description ?? undefined };
  }
  if (typeof body === 'string' && body) {
    // Classic API error pages: keep the human sentence, drop the markup
    const text = body
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return { description: text.slice(0, 300) || undefined };
  }
  return {};
}

export function mapJamfError(response: HttpResponse): DeviceBotError {
  const { code, description } = jamfErrorParts(response.body);
  const status = response.status;
  const text = scrub(`jamf: Jamf Pro answered ${status}${code ? ` ${code}` : ''}${description ? `: ${description}` : ''}`);
  return errorForStatus(status, response.headers, text, { system: SYSTEM, code });
}

export async function withPrivilege<T>(privilege: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ForbiddenError && !error.missingPermission) {
      throw new ForbiddenError(`${error.message} — the API role needs the privilege "${privilege}"`, privilege, {
        system: error.system,
        status: error.status,
        code: error.code,
        cause: error,
      });
    }
    throw error;
  }
}
