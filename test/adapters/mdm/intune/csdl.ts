// A small reader of Microsoft Graph's CSDL ($metadata) for contract checks: resolves request paths
// (singletons, entity sets, navigation properties, keys, bound actions) and answers which properties and
// action parameters exist. Parsed with fast-xml-parser.
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

export const GRAPH_V1_CSDL = new URL('../../../../../shared/schemas/msgraph/v1.0-Prod.csdl', import.meta.url);

interface TypeInfo {
  name: string;
  baseType?: string;
  properties: Set<string>;
  navigation: Map<string, string>;
}

export interface ActionInfo {
  name: string;
  bindingType: string;
  parameters: Set<string>;
}

export type Resolved = { kind: 'collection'; type: string } | { kind: 'entity'; type: string } | { kind: 'action'; action: ActionInfo; type: string };

type Node = Record<string, unknown>;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** "graph.managedDevice" / "microsoft.graph.managedDevice" → "managedDevice"; Collection(x) kept as a flag. */
function typeName(raw: string): { name: string; collection: boolean } {
  const m = /^Collection\((.+)\)$/.exec(raw);
  const inner = m ? m[1]! : raw;
  return { name: inner.replace(/^(microsoft\.graph|graph)\./, ''), collection: Boolean(m) };
}

export class GraphCsdl {
  private readonly types = new Map<string, TypeInfo>();
  private readonly actions = new Map<string, ActionInfo[]>();
  private readonly roots = new Map<string, { type: string; collection: boolean }>();

  constructor(xml: string) {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: () => false });
    const doc = parser.parse(xml) as Node;
    const schemas = asArray<Node>((doc['edmx:Edmx'] as Node)['edmx:DataServices'] as Node).flatMap((ds: Node) => asArray(ds.Schema as Node | Node[]));
    const main = schemas.find((s) => s['@Namespace'] === 'microsoft.graph');
    if (!main) throw new Error('CSDL: no microsoft.graph schema');
    for (const t of [...asArray(main.EntityType as Node | Node[]), ...asArray(main.ComplexType as Node | Node[])]) {
      this.types.set(t['@Name'] as string, {
        name: t['@Name'] as string,
        baseType: t['@BaseType'] ? typeName(t['@BaseType'] as string).name : undefined,
        properties: new Set(asArray(t.Property as Node | Node[]).map((p) => p['@Name'] as string)),
        navigation: new Map(asArray(t.NavigationProperty as Node | Node[]).map((p) => [p['@Name'] as string, p['@Type'] as string])),
      });
    }
    for (const a of asArray(main.Action as Node | Node[])) {
      if (a['@IsBound'] !== 'true') continue;
      const params = asArray(a.Parameter as Node | Node[]);
      const binding = params[0];
      if (!binding) continue;
      const info: ActionInfo = {
        name: a['@Name'] as string,
        bindingType: typeName(binding['@Type'] as string).name,
        parameters: new Set(params.slice(1).map((p) => p['@Name'] as string)),
      };
      const list = this.actions.get(info.name) ?? [];
      list.push(info);
      this.actions.set(info.name, list);
    }
    const container = main.EntityContainer as Node;
    for (const s of asArray(container.Singleton as Node | Node[]))
      this.roots.set(s['@Name'] as string, { type: typeName(s['@Type'] as string).name, collection: false });
    for (const s of asArray(container.EntitySet as Node | Node[]))
      this.roots.set(s['@Name'] as string, { type: typeName(s['@EntityType'] as string).name, collection: true });
  }

  static load(): GraphCsdl {
    return new GraphCsdl(readFileSync(GRAPH_V1_CSDL, 'utf8'));
  }

  /** The type and its base types, most derived first. */
  private lineage(type: string): TypeInfo[] {
    const out: TypeInfo[] = [];
    for (let t = this.types.get(type); t; t = t.baseType ? this.types.get(t.baseType) : undefined) out.push(t);
    return out;
  }

  hasProperty(type: string, property: string): boolean {
    return this.lineage(type).some((t) => t.properties.has(property) || t.navigation.has(property));
  }

  boundAction(type: string, name: string): ActionInfo | undefined {
    const names = new Set(this.lineage(type).map((t) => t.name));
    return this.actions.get(name)?.find((a) => names.has(a.bindingType));
  }

  /** Resolves "deviceManagement/managedDevices/{id}/wipe"-style paths (segments after /v1.0/). */
  resolve(path: string): Resolved | string {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    const root = this.roots.get(segments[0] ?? '');
    if (!root) return `no entity set or singleton "${segments[0]}"`;
    let current: Resolved = root.collection ? { kind: 'collection', type: root.type } : { kind: 'entity', type: root.type };
    for (const segment of segments.slice(1)) {
      if (current.kind === 'action') return `segment "${segment}" after action ${current.action.name}`;
      if (current.kind === 'collection') {
        current = { kind: 'entity', type: current.type }; // a key segment
        continue;
      }
      const nav = this.lineage(current.type)
        .map((t) => t.navigation.get(segment))
        .find(Boolean);
      if (nav) {
        const t = typeName(nav);
        current = t.collection ? { kind: 'collection', type: t.name } : { kind: 'entity', type: t.name };
        continue;
      }
      const action = this.boundAction(current.type, segment);
      if (action) {
        current = { kind: 'action', action, type: current.type };
        continue;
      }
      return `"${segment}" is neither a navigation property nor a bound action of ${current.type}`;
    }
    return current;
  }
}
