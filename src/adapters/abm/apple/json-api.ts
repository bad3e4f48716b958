// JSON:API documents as the Apple Business Manager API sends them: resources, cursor links, and the error
// document ({"errors":[{"id","status","code","title","detail"}]}, Apple's ErrorResponse; errors.ts maps it).

export interface ResourceObject<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes?: A;
  relationships?: Record<string, unknown>;
  links?: Record<string, string>;
}

export interface Document<D> {
  data: D;
  links?: { self?: string; next?: string };
  meta?: { paging?: { limit?: number; nextCursor?: string; total?: number } };
}

export interface ApiError {
  id?: string;
  status?: string;
  code?: string;
  title?: string;
  detail?: string;
}

export function firstError(body: unknown): ApiError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const errors = (body as { errors?: unknown }).errors;
  return Array.isArray(errors) && errors.length > 0 ? (errors[0] as ApiError) : undefined;
}
