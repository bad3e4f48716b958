// Checks recorded HTTP requests against Jamf's OpenAPI 3.0 documents in ../shared/schemas/jamf/: the
// operation (method + path under the /api server), every query parameter (declared, value valid against its
// schema), and the request body (valid against the operation's request schema with ajv, and no property the
// schema does not declare — the schemas do not forbid extra properties, so a misspelt option would otherwise
// slip through). MdmCommandRequest.commandData is a oneOf with a discriminator on commandType: it is checked
// against the schema the discriminator maps to, as a server would.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

export const JAMF_SCHEMAS = new URL('../../../../../shared/schemas/jamf/', import.meta.url);
const BASE = 'https://jamf.schemas.local/';

type Node = Record<string, unknown>;

export interface RequestLike {
  method: string;
  /** full path as sent, e.g. /api/v2/mdm/commands */
  path: string;
  query: URLSearchParams;
  body: string;
  contentType?: string;
}

export interface Operation {
  file: string;
  template: string;
  method: string;
  node: Node;
}

/** Requests the Jamf Pro API documents under another path, and Classic API calls (not in these documents). */
export const PATH_ALIASES: Record<string, string> = {
  // Jamf's developer guide documents POST /api/oauth/token; the OpenAPI file has /v1/oauth/token (SOURCE.md)
  '/api/oauth/token': '/api/v1/oauth/token',
};
export const CLASSIC_API = [{ method: 'DELETE', pattern: /^\/JSSResource\/mobiledevices\/id\/\d+$/, why: 'the Jamf Pro API has no DELETE for mobile devices' }];

export class JamfOpenApi {
  readonly docs = new Map<string, Node>();
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    (addFormatsModule as unknown as (ajv: Ajv) => void)(this.ajv);
    for (const file of readdirSync(JAMF_SCHEMAS).filter((f) => f.endsWith('.yaml'))) {
      const doc = parse(readFileSync(new URL(file, JAMF_SCHEMAS), 'utf8')) as Node;
      this.docs.set(file, doc);
      this.ajv.addSchema(doc, BASE + file);
    }
  }

  operations(): Operation[] {
    const out: Operation[] = [];
    for (const [file, doc] of this.docs)
      for (const [template, item] of Object.entries((doc.paths as Record<string, Node>) ?? {}))
        for (const [method, node] of Object.entries(item))
          if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) out.push({ file, template, method: method.toUpperCase(), node: node as Node });
    return out;
  }

  findOperation(method: string, path: string): Operation | undefined {
    const apiPath = PATH_ALIASES[path] ?? path;
    if (!apiPath.startsWith('/api/')) return undefined;
    const relative = apiPath.slice('/api'.length);
    // literal segments win over templated ones (/v2/mobile-devices/detail is not /v2/mobile-devices/{id})
    return this.operations()
      .filter((op) => op.method === method && new RegExp(`^${op.template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(relative))
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0))[0];
  }

  /** Problems with one request; [] when it matches the documents. */
  check(req: RequestLike): string[] {
    const where = `${req.method} ${req.path}`;
    if (CLASSIC_API.some((c) => c.method === req.method && c.pattern.test(req.path))) return [];
    const op = this.findOperation(req.method, req.path);
    if (!op) return [`${where}: no such operation in the Jamf Pro OpenAPI documents`];
    const problems: string[] = [];
    const params = ((op.node.parameters as Node[]) ?? []).map((p) => this.deref(p, op.file).node);
    for (const name of new Set(req.query.keys())) {
      const values = req.query.getAll(name);
      const param = params.find((p) => p.in === 'query' && p.name === name);
      if (!param) {
        problems.push(`${where}: query parameter "${name}" is not declared`);
        continue;
      }
      const schema = this.deref(param.schema as Node, op.file);
      const value =
        schema.node.type === 'array'
          ? values.map((v) => coerce(v, this.deref((schema.node.items as Node) ?? {}, schema.file).node))
          : coerce(values[0]!, schema.node);
      problems.push(...this.validate(schema.node, schema.file, value).map((e) => `${where}: query ${name}: ${e}`));
    }
    const content = this.deref((op.node.requestBody as Node) ?? {}, op.file).node.content as Record<string, { schema: Node }> | undefined;
    if (!content) {
      if (req.body) problems.push(`${where}: sends a body but the operation takes none`);
      return problems;
    }
    const [mediaType, media] = Object.entries(content)[0]!;
    const body = mediaType.includes('json') ? (JSON.parse(req.body || 'null') as unknown) : Object.fromEntries(new URLSearchParams(req.body));
    const schema = this.deref(media.schema, op.file);
    if (schema.node === this.schema('MdmCommands.yaml', 'MdmCommandRequest').node) problems.push(...this.checkCommandRequest(body, where));
    else {
      problems.push(...this.validate(schema.node, schema.file, body).map((e) => `${where}: body ${e}`));
      problems.push(...this.undeclared(body, schema.node, schema.file, 'body').map((e) => `${where}: ${e}`));
    }
    return problems;
  }

  /** Problems with a JSON answer of the fake, checked against the operation's documented response schema. */
  checkResponse(req: RequestLike, status: number, body: unknown): string[] {
    const where = `${req.method} ${req.path} → ${status}`;
    const op = this.findOperation(req.method, req.path);
    if (!op) return [];
    const response = (op.node.responses as Record<string, Node>)?.[String(status)];
    if (!response) return [`${where}: status not documented`];
    const media = (this.deref(response, op.file).node.content as Record<string, { schema: Node }> | undefined)?.['application/json'];
    if (!media) return [];
    const schema = this.deref(media.schema, op.file);
    // MobileDeviceResponse is a oneOf discriminated by deviceType: check each result against its mapped schema
    if (schema.node === this.schema('MobileDeviceInventoryDetail.yaml', 'MobileDeviceInventorySearchResults').node) {
      const results = (body as { results?: Node[] }).results ?? [];
      const union = this.schema('MobileDeviceInventoryDetail.yaml', 'MobileDeviceResponse');
      const mapping = (union.node.discriminator as { mapping: Record<string, string> }).mapping;
      const problems = this.validate(
        { type: 'object', properties: { totalCount: { type: 'integer' }, results: { type: 'array' } }, required: ['totalCount', 'results'] },
        op.file,
        body,
      );
      for (const r of results) {
        const target = mapping[String(r.deviceType)];
        if (!target) problems.push(`deviceType ${String(r.deviceType)} unknown`);
        else {
          const mapped = this.deref({ $ref: target }, union.file);
          problems.push(...this.validate(mapped.node, mapped.file, r), ...this.undeclared(r, mapped.node, mapped.file, 'result'));
        }
      }
      return problems.map((p) => `${where}: ${p}`);
    }
    return [...this.validate(schema.node, schema.file, body), ...this.undeclared(body, schema.node, schema.file, 'response')].map((p) => `${where}: ${p}`);
  }

  private checkCommandRequest(body: unknown, where: string): string[] {
    const request = this.schema('MdmCommands.yaml', 'MdmCommandRequest');
    const b = body as { clientData?: unknown; commandData?: { commandType?: string } };
    const problems = this.undeclared(body, { ...request.node, properties: { ...(request.node.properties as Node), commandData: {} } }, request.file, 'body');
    const clientSchema = (request.node.properties as Node).clientData as Node;
    problems.push(...this.validate(clientSchema, request.file, b.clientData).map((e) => `clientData ${e}`));
    const commandData = (request.node.properties as Node).commandData as Node;
    const mapping = (commandData.discriminator as { mapping: Record<string, string> }).mapping;
    const target = b.commandData?.commandType ? mapping[b.commandData.commandType] : undefined;
    if (!target) return [...problems, `${where}: commandType "${b.commandData?.commandType}" has no schema`];
    const mapped = this.deref({ $ref: target }, request.file);
    problems.push(...this.validate(mapped.node, mapped.file, b.commandData).map((e) => `commandData ${e}`));
    problems.push(...this.undeclared(b.commandData, mapped.node, mapped.file, 'commandData'));
    return problems.map((p) => (p.startsWith(where) ? p : `${where}: ${p}`));
  }

  schema(file: string, name: string): { file: string; node: Node } {
    return this.deref({ $ref: `#/components/schemas/${name}` }, file);
  }

  /** Follows $ref (local or into another file of the folder). */
  deref(node: Node, file: string): { file: string; node: Node } {
    let current = { file, node };
    for (let i = 0; i < 20 && typeof current.node.$ref === 'string'; i++) {
      const [target, pointer] = (current.node.$ref as string).split('#');
      const nextFile = target ? target : current.file;
      let n: unknown = this.docs.get(nextFile);
      for (const part of (pointer ?? '').split('/').filter(Boolean)) n = (n as Node)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (!n) throw new Error(`unresolved $ref ${current.node.$ref as string} in ${current.file}`);
      current = { file: nextFile, node: n as Node };
    }
    return current;
  }

  private validate(schema: Node, file: string, value: unknown): string[] {
    // compile a wrapper whose $ref is absolute, so that relative refs inside resolve against the right file
    const pointer = this.pointerOf(schema, file);
    const key = pointer ?? JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(pointer ? { $ref: pointer } : { ...(absolutize(schema, file) as Node), $id: `${BASE}inline-${this.compiled.size}` });
      this.compiled.set(key, fn);
    }
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }

  /** The absolute JSON pointer of a schema node found in the documents (for ajv), if it is a named component. */
  private pointerOf(schema: Node, file: string): string | undefined {
    const schemas = ((this.docs.get(file)?.components as Node)?.schemas ?? {}) as Record<string, Node>;
    const name = Object.entries(schemas).find(([, s]) => s === schema)?.[0];
    return name ? `${BASE}${file}#/components/schemas/${name}` : undefined;
  }

  /** Properties present in `value` that the schema (with allOf parts) does not declare. */
  undeclared(value: unknown, schema: Node, file: string, at: string): string[] {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
    const declared = new Map<string, { node: Node; file: string }>();
    const collect = (s: Node, f: string) => {
      const r = this.deref(s, f);
      for (const [k, v] of Object.entries((r.node.properties as Record<string, Node>) ?? {})) declared.set(k, { node: v, file: r.file });
      for (const part of (r.node.allOf as Node[]) ?? []) collect(part, r.file);
    };
    collect(schema, file);
    // a schema that declares no properties at all leaves the object open (e.g. a free-form value)
    if (declared.size === 0) return [];
    const problems: string[] = [];
    for (const [k, v] of Object.entries(value as Node)) {
      const d = declared.get(k);
      if (!d) problems.push(`${at}.${k} is not declared in the schema`);
      else problems.push(...this.undeclared(v, d.node, d.file, `${at}.${k}`));
    }
    return problems;
  }
}

/** A copy of an inline schema whose $refs are absolute (it is compiled outside its document). */
function absolutize(node: unknown, file: string): unknown {
  if (Array.isArray(node)) return node.map((n) => absolutize(n, file));
  if (!node || typeof node !== 'object') return node;
  const out: Node = {};
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === '$ref' && typeof v === 'string') out[k] = v.startsWith('#') ? `${BASE}${file}${v}` : `${BASE}${v}`;
    else out[k] = absolutize(v, file);
  }
  return out;
}

function coerce(value: string, schema: Node): unknown {
  if (schema.type === 'integer' || schema.type === 'number') return Number(value);
  if (schema.type === 'boolean') return value === 'true';
  return value;
}
