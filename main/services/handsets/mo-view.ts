/**
 * The console's view of a handset's CIMO (or LAWMO) instance, built from a fetched
 * subtree: lock state, information items with their counts and selections, apps,
 * Config and LastOperation. LAWMO handsets map onto the same shape (items from
 * `AvailableWipeList`, no counts, no apps).
 */
import { cimoPaths, lawmoPaths } from '../../../protocol/cimo/index.js';
import type { FetchedNode } from './tree-read.js';
import { textOf } from './tree-read.js';

/** One `InfoList/<x>` item. */
export interface MoItem {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly location: string;
  readonly format: string;
  readonly itemCount: number;
  readonly byteSize: number;
  readonly locked: boolean;
  readonly toBeLocked: boolean;
  readonly toBeWiped: boolean;
  readonly toBeRetrieved: boolean;
}

/** One `AppList/<x>` application. */
export interface MoApp {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly vendor: string;
  readonly removable: boolean;
  readonly toBeUninstalled: boolean;
}

/** `LastOperation/*` (CIMO only). */
export interface LastOperation {
  readonly name: string;
  readonly correlator: string;
  readonly status: string;
  readonly resultCode: number | undefined;
  readonly progress: number;
}

/** What the console knows of a handset's MO. */
export interface MoView {
  readonly mo: 'cimo' | 'lawmo';
  readonly root: string;
  readonly state: number | undefined;
  readonly items: readonly MoItem[];
  readonly apps: readonly MoApp[];
  readonly config: Readonly<Record<string, string>>;
  readonly lastOperation?: LastOperation;
  readonly via: 'tnds' | 'structdata';
}

const num = (t: string | undefined): number => {
  const n = Number(t);
  return t === undefined || t === '' || !Number.isFinite(n) ? 0 : n;
};
const bool = (t: string | undefined): boolean => t === 'true' || t === '1';

/** Children of an interior node in a fetched map (TNDS child list, or StructData prefix scan). */
function childrenOf(nodes: ReadonlyMap<string, FetchedNode>, uri: string): string[] {
  const listed = nodes.get(uri)?.children;
  if (listed !== undefined) return [...listed];
  const prefix = `${uri}/`;
  const out = new Set<string>();
  for (const k of nodes.keys()) {
    if (!k.startsWith(prefix)) continue;
    const name = k.slice(prefix.length).split('/')[0];
    if (name !== undefined && name !== '') out.add(name);
  }
  return [...out];
}

/** A CIMO view from the subtree fetched at `root`. */
export function cimoView(
  root: string,
  nodes: ReadonlyMap<string, FetchedNode>,
  via: 'tnds' | 'structdata',
): MoView {
  const p = cimoPaths(root);
  const t = (uri: string): string | undefined => textOf(nodes, uri);
  const items = childrenOf(nodes, p.infoList).map((id): MoItem => {
    const i = p.info(id);
    return {
      id,
      name: t(i.Name) ?? id,
      category: t(i.Category) ?? '',
      location: t(i.Location) ?? '',
      format: t(i.Format) ?? '',
      itemCount: num(t(i.ItemCount)),
      byteSize: num(t(i.ByteSize)),
      locked: bool(t(i.Locked)),
      toBeLocked: bool(t(i.ToBeLocked)),
      toBeWiped: bool(t(i.ToBeWiped)),
      toBeRetrieved: bool(t(i.ToBeRetrieved)),
    };
  });
  const apps = childrenOf(nodes, p.appList).map((id): MoApp => {
    const a = p.app(id);
    return {
      id,
      name: t(a.Name) ?? id,
      version: t(a.Version) ?? '',
      vendor: t(a.Vendor) ?? '',
      removable: bool(t(a.Removable)),
      toBeUninstalled: bool(t(a.ToBeUninstalled)),
    };
  });
  const config: Record<string, string> = {};
  for (const [k, uri] of Object.entries(p.config)) {
    if (k === 'root') continue;
    const v = t(uri);
    if (v !== undefined) config[k] = v;
  }
  const lo = p.lastOperation;
  const name = t(lo.Name);
  return {
    mo: 'cimo',
    root,
    state: t(p.state) === undefined ? undefined : num(t(p.state)),
    items,
    apps,
    config,
    ...(name === undefined
      ? {}
      : {
          lastOperation: {
            name,
            correlator: t(lo.Correlator) ?? '',
            status: t(lo.Status) ?? '',
            resultCode: t(lo.ResultCode) === '' ? undefined : num(t(lo.ResultCode)),
            progress: num(t(lo.Progress)),
          },
        }),
    via,
  };
}

/** A LAWMO view: items from `AvailableWipeList`. */
export function lawmoView(
  root: string,
  nodes: ReadonlyMap<string, FetchedNode>,
  via: 'tnds' | 'structdata',
): MoView {
  const p = lawmoPaths(root);
  const t = (uri: string): string | undefined => textOf(nodes, uri);
  const items = childrenOf(nodes, p.availableWipeList).map((id): MoItem => {
    const w = p.wipeItem(id);
    return {
      id,
      name: t(w.listItemName) ?? id,
      category: '',
      location: '',
      format: '',
      itemCount: 0,
      byteSize: 0,
      locked: false,
      toBeLocked: false,
      toBeWiped: bool(t(w.toBeWiped)),
      toBeRetrieved: false,
    };
  });
  const notify = t(p.notifyUser);
  return {
    mo: 'lawmo',
    root,
    state: t(p.state) === undefined ? undefined : num(t(p.state)),
    items,
    apps: [],
    config: notify === undefined ? {} : { NotifyUser: notify },
    via,
  };
}
