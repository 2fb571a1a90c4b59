import { assertNodeName, formatUri, parseUri } from '../tree/uri.js';

/** The Exec nodes under CIMO `Operations/` (CIMO-MO.md tree). */
export const CIMO_OPERATIONS = [
  'FullyLock',
  'PartiallyLock',
  'UnLock',
  'Wipe',
  'FactoryReset',
  'Retrieve',
  'Uninstall',
] as const;
/** A CIMO operation name (also the Exec node's name). */
export type CimoOperation = (typeof CIMO_OPERATIONS)[number];

/** The Exec nodes under LAWMO `Operations/` (PROTOCOL-FACTS §7.1). */
export const LAWMO_OPERATIONS = [
  'FullyLock',
  'PartiallyLock',
  'UnLock',
  'FactoryReset',
  'Wipe',
] as const;
/** A LAWMO operation name. */
export type LawmoOperation = (typeof LAWMO_OPERATIONS)[number];

/** Leaves of one `InfoList/<x>` item, relative to the item. */
export const CIMO_INFO_LEAVES = [
  'Name',
  'Category',
  'Location',
  'Format',
  'ItemCount',
  'ByteSize',
  'Locked',
  'ToBeLocked',
  'ToBeWiped',
  'ToBeRetrieved',
] as const;
/** Leaves of one `AppList/<x>` application, relative to the application. */
export const CIMO_APP_LEAVES = [
  'Name',
  'Version',
  'Vendor',
  'Removable',
  'ToBeUninstalled',
] as const;
/** Leaves under `Config/`. */
export const CIMO_CONFIG_LEAVES = [
  'NotifyUser',
  'LockMessage',
  'ConsentRequired',
  'RetrieveTarget',
] as const;
/** Leaves under `LastOperation/`. */
export const CIMO_LAST_OPERATION_LEAVES = [
  'Name',
  'Correlator',
  'Status',
  'ResultCode',
  'Progress',
  'Manifest',
] as const;

type PathsOf<T extends readonly string[]> = { readonly [K in T[number]]: string };

/** Absolute URIs of a CIMO instance's nodes, built from its root URI. */
export interface CimoPaths {
  readonly root: string;
  readonly state: string;
  readonly infoList: string;
  /** The item `id` under `InfoList/` and its leaves. */
  info(id: string): PathsOf<typeof CIMO_INFO_LEAVES> & { readonly root: string };
  readonly appList: string;
  /** The application `id` under `AppList/` and its leaves. */
  app(id: string): PathsOf<typeof CIMO_APP_LEAVES> & { readonly root: string };
  readonly config: PathsOf<typeof CIMO_CONFIG_LEAVES> & { readonly root: string };
  readonly operations: PathsOf<typeof CIMO_OPERATIONS> & { readonly root: string };
  readonly lastOperation: PathsOf<typeof CIMO_LAST_OPERATION_LEAVES> & { readonly root: string };
  readonly ext: string;
}

/** Absolute URIs of a LAWMO instance's nodes. */
export interface LawmoPaths {
  readonly root: string;
  readonly state: string;
  readonly availableWipeList: string;
  /** The item `id` under `AvailableWipeList/`. */
  wipeItem(id: string): {
    readonly root: string;
    readonly listItemName: string;
    readonly toBeWiped: string;
  };
  readonly notifyUser: string;
  readonly operations: PathsOf<typeof LAWMO_OPERATIONS> & { readonly root: string };
  readonly ext: string;
}

/**
 * URIs of the CIMO nodes below `rootUri` (where `findMo` found the MO, e.g. `./CIMO`).
 * Instance ids are node names: they are %-encoded as needed, and an id that cannot be a
 * node name (empty, `/`, controls) throws `DmStatusError(400)`, as does a bad root URI.
 */
export function cimoPaths(rootUri: string): CimoPaths {
  const root = parseUri(rootUri, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }).segments;
  const u = (...rel: string[]): string => formatUri([...root, ...rel]);
  const group = <T extends readonly string[]>(
    base: string[],
    names: T,
  ): PathsOf<T> & { root: string } => {
    const out: Record<string, string> = { root: u(...base) };
    for (const n of names) out[n] = u(...base, n);
    return out as PathsOf<T> & { root: string };
  };
  const checkedId = (id: string): string => {
    assertNodeName(id);
    return id;
  };
  // A handset re-reads its items' paths on every state update: built once per id.
  const memo = <T>(f: (id: string) => T): ((id: string) => T) => {
    const known = new Map<string, T>();
    return (id) => {
      let v = known.get(id);
      if (v === undefined) {
        v = f(id);
        if (known.size < 1024) known.set(id, v);
      }
      return v;
    };
  };
  return {
    root: u(),
    state: u('State'),
    infoList: u('InfoList'),
    info: memo((id) => group(['InfoList', checkedId(id)], CIMO_INFO_LEAVES)),
    appList: u('AppList'),
    app: memo((id) => group(['AppList', checkedId(id)], CIMO_APP_LEAVES)),
    config: group(['Config'], CIMO_CONFIG_LEAVES),
    operations: group(['Operations'], CIMO_OPERATIONS),
    lastOperation: group(['LastOperation'], CIMO_LAST_OPERATION_LEAVES),
    ext: u('Ext'),
  };
}

/** URIs of the LAWMO nodes below `rootUri`; same rules as {@link cimoPaths}. */
export function lawmoPaths(rootUri: string): LawmoPaths {
  const root = parseUri(rootUri, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }).segments;
  const u = (...rel: string[]): string => formatUri([...root, ...rel]);
  const ops: Record<string, string> = { root: u('Operations') };
  for (const op of LAWMO_OPERATIONS) ops[op] = u('Operations', op);
  return {
    root: u(),
    state: u('State'),
    availableWipeList: u('AvailableWipeList'),
    wipeItem: (id) => {
      assertNodeName(id);
      return {
        root: u('AvailableWipeList', id),
        listItemName: u('AvailableWipeList', id, 'ListItemName'),
        toBeWiped: u('AvailableWipeList', id, 'ToBeWiped'),
      };
    },
    notifyUser: u('LAWMOConfig', 'NotifyUser'),
    operations: ops as LawmoPaths['operations'],
    ext: u('Ext'),
  };
}
