// Microsoft Graph error bodies → the port's typed errors. Graph answers failures as
// `{"error":{"code":"…","message":"…","innerError":{"request-id":"…","date":"…"}}}`
// (https://learn.microsoft.com/graph/errors). Intune's 403 messages often name the scope that is missing
// ("…must have one of the following scopes: DeviceManagementManagedDevices.PrivilegedOperations.All"); when
// they do not, the adapter adds the permission the operation needs (see `withPermission`).
import { type DeviceBotError, ForbiddenError } from '../../../errors';
import type { HttpResponse } from '../../../http/client';
import { errorForStatus } from '../../../http/status-error';
import { scrub } from '../../../log/scrub';

const SYSTEM = 'intune';

export interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: Record<string, unknown> };
}

/** Graph permission names look like "DeviceManagementManagedDevices.PrivilegedOperations.All". */
const PERMISSION = /\b((?:DeviceManagement|Directory|Organization|User)[A-Za-z]*(?:\.[A-Za-z]+)*\.All)\b/;

export function graphErrorParts(body: unknown): { code?: string; message?: string; requestId?: string } {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? { message: body.slice(0, 300) } : {};
  const error = (body as GraphErrorBody).error;
  const requestId = error?.innerError?.['request-id'];
  return { code: error?.code, message: error?.message?.split('\n')[0]?.slice(0, 500), requestId: typeof requestId === 'string' ? requestId : undefined };
}

export function mapGraphError(response: HttpResponse): DeviceBotError {
  const { code, message, requestId } = graphErrorParts(response.body);
  const status = response.status;
  const text = scrub(
    `intune: Graph answered ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}${requestId ? ` (request-id ${requestId})` : ''}`,
  );
  return errorForStatus(status, response.headers, text, { system: SYSTEM, code }, message?.match(PERMISSION)?.[1]);
}

/** A 403 without a named scope gets the permission the operation is documented to need. */
export async function withPermission<T>(permission: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ForbiddenError && !error.missingPermission) {
      throw new ForbiddenError(`${error.message} — the app registration needs the application permission ${permission}`, permission, {
        system: error.system,
        status: error.status,
        code: error.code,
        cause: error,
      });
    }
    throw error;
  }
}
