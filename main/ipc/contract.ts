/**
 * The one API between the console's services and its UI, written once (HOUSE-STYLE.md
 * "Electron process split and IPC"): every request with its argument schema and result
 * type, every event with its payload. The Electron preload, the main-side gateway, the web
 * shell and the renderer's client all derive from this file.
 *
 * - Arguments are checked at run time by the gateway against `requestSchemas` (zod), so a
 *   compromised or buggy renderer cannot hand a service a malformed value.
 * - Results cross as {@link IpcResult}: `{ok: true, value}` or `{ok: false, error}` —
 *   errors are data, never thrown across the boundary.
 * - Channel names are `'area:verb-noun'`.
 *
 * The renderer may import only types from here (ESLint enforces it).
 */
import { z } from 'zod';

/** A handset id as the registry assigns it (stable per device key). */
const handsetId = z.string().min(1).max(200);
/** A DM node URI (the service checks it properly; this only bounds it). */
const nodeUri = z.string().min(1).max(1024);

/** Operations an operator can run (CIMO-MO.md `Operations/*`). */
export const OPERATIONS = [
  'lock',
  'partial-lock',
  'unlock',
  'retrieve',
  'wipe',
  'factory-reset',
  'uninstall',
] as const;
export type OperationKind = (typeof OPERATIONS)[number];

/** Argument schemas by channel. */
export const requestSchemas = {
  'app:get-info': z.object({}).strict(),
  'handsets:list': z.object({}).strict(),
  'handset:get-detail': z.object({ handsetId }).strict(),
  // `kept`: answer only from the tree the console already holds (never a DM session);
  // `ServiceError('not-kept')` when it holds none that is current. For reading ahead.
  'handset:get-tree': z
    .object({
      handsetId,
      path: nodeUri.optional(),
      refresh: z.boolean().optional(),
      kept: z.boolean().optional(),
    })
    .strict(),
  'handset:get-node': z.object({ handsetId, path: nodeUri }).strict(),
  'handset:replace-node': z
    .object({
      handsetId,
      path: nodeUri,
      value: z.string().max(1 << 20),
      format: z.string().max(32),
    })
    .strict(),
  'handset:exec-node': z
    .object({
      handsetId,
      path: nodeUri,
      data: z
        .string()
        .max(1 << 16)
        .optional(),
    })
    .strict(),
  'operations:start': z
    .object({
      handsetIds: z.array(handsetId).min(1).max(256),
      operation: z.enum(OPERATIONS),
      items: z.array(z.string().min(1).max(64)).max(64).optional(),
      apps: z.array(z.string().min(1).max(128)).max(256).optional(),
      waiver: z
        .object({ reason: z.string().min(3).max(500) })
        .strict()
        .optional(),
      consent: z.enum(['handset', 'ui-alert', 'not-required']).optional(),
      confirmation: z.string().max(32).optional(),
    })
    .strict(),
  'operations:cancel': z.object({ operationId: z.string().min(1).max(100) }).strict(),
  'operations:list': z.object({ handsetId: handsetId.optional() }).strict(),
  'vault:list': z.object({ handsetId: handsetId.optional() }).strict(),
  'vault:get-contents': z.object({ retrievalId: z.string().min(1).max(100) }).strict(),
  'vault:export': z
    .object({ retrievalId: z.string().min(1).max(100), folder: z.string().min(1).max(4096) })
    .strict(),
  'vault:delete': z.object({ retrievalId: z.string().min(1).max(100) }).strict(),
  /** Whether the vault is open, or waits for the operator's passphrase (first run: none set). */
  'vault:get-status': z.object({}).strict(),
  /** Opens the vault with the operator's passphrase (creates the vault key on first run). */
  'vault:unlock': z.object({ passphrase: z.string().min(8).max(1024) }).strict(),
  'audit:list': z
    .object({
      handset: z.string().max(64).optional(),
      operator: z.string().max(200).optional(),
      operation: z.string().max(64).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    })
    .strict(),
  'audit:verify': z.object({}).strict(),
  'audit:export': z.object({ format: z.enum(['csv', 'json']) }).strict(),
  'trace:list-sessions': z.object({ handsetId: handsetId.optional() }).strict(),
  'trace:get-session': z.object({ sessionId: z.string().min(1).max(100) }).strict(),
  'settings:get': z.object({}).strict(),
  'settings:set': z
    .object({
      operator: z.string().min(1).max(200).optional(),
      requireRetrievalBeforeWipe: z.boolean().optional(),
      consentPolicy: z.enum(['handset', 'ui-alert', 'not-required']).optional(),
      defaultEncoding: z.enum(['wbxml', 'xml']).optional(),
    })
    .strict(),
} as const;

export type Channel = keyof typeof requestSchemas;
export type RequestArgs<C extends Channel> = z.infer<(typeof requestSchemas)[C]>;

/** How a handset reaches the console. */
export type LinkKind = 'usb' | 'serial' | 'rfcomm' | 'tcp' | 'network';

/** A handset's connection state, step by step; `failed` says which step and what to try. */
export type ConnectionState =
  | { readonly state: 'attached' | 'connecting' | 'identifying' | 'ready' | 'busy' | 'detached' }
  | {
      readonly state: 'failed';
      readonly step: string;
      readonly message: string;
      readonly hint: string;
    };

/** One handset as the bench grid shows it. */
export interface HandsetSummary {
  readonly id: string;
  readonly link: LinkKind;
  readonly linkDescription: string;
  readonly imei?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly mo?: 'cimo' | 'lawmo';
  /** CIMO State: 10 fully locked, 20 partially locked, 30 unlocked. */
  readonly lockState?: number;
  readonly connection: ConnectionState;
  readonly activeOperation?: OperationSummary;
}

/** One information item of a handset's CIMO view. */
export interface InfoItemView {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly location: string;
  readonly itemCount: number;
  readonly byteSize: number;
  readonly locked: boolean;
  /** The newest verified retrieval of this item, if any. */
  readonly verifiedRetrieval?: { readonly retrievalId: string; readonly at: string };
}

export interface AppView {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly vendor: string;
  readonly removable: boolean;
}

export interface HandsetDetail extends HandsetSummary {
  readonly devInfo: Readonly<Record<string, string>>;
  readonly devDetail: Readonly<Record<string, string>>;
  readonly items: readonly InfoItemView[];
  readonly apps: readonly AppView[];
}

/** One DM tree node as the browser lists it. */
export interface TreeNodeView {
  readonly path: string;
  readonly format: string;
  readonly type?: string;
  readonly acl?: string;
  readonly size?: number;
  /** Leaf value as text when it is text (else undefined and `base64` set). */
  readonly value?: string;
  readonly base64?: string;
  readonly children?: number;
}

/**
 * `handset:get-tree`'s result: the tree's nodes in columns (see `packTree` in
 * main/ipc/pack-tree.ts) rather than one object per node, so 50,000 nodes cross as a
 * dozen strings that the page parses in a few ms, and the browser builds its layout from
 * parent indexes without splitting or looking up paths.
 *
 * Entry `i` is one node of the tree. Its name (a path segment, never empty, never "/")
 * is the i-th of `names.split('/')`. Paths are normalized (no empty segments) and unique:
 * a path listed twice is one entry with the last listing. Ancestors the handset did not
 * list are entries too, with format -1 and every other column -1 (absent).
 *
 * Integer columns are {@link IntColumn} strings, one integer ≥ -1 per entry:
 * - `parents`: `i - parent` (≥ 1; a parent always comes before its children), 0 for a root;
 * - `format`, `acl`, `type`: indexes into `formats`, `acls`, `types`, or -1;
 * - `size` (bytes), `children` (child count), `valueLength` (UTF-16 length of the text
 *   value; `values` is every text value in entry order, concatenated), or -1.
 */
export interface PackedTree {
  readonly names: string;
  readonly parents: IntColumn;
  readonly formats: readonly string[];
  readonly format: IntColumn;
  readonly acls: readonly string[];
  readonly acl: IntColumn;
  readonly types: readonly string[];
  readonly type: IntColumn;
  readonly size: IntColumn;
  readonly children: IntColumn;
  readonly values: string;
  readonly valueLength: IntColumn;
  /** The values that are not text: `[entry, base64]`, entries ascending. */
  readonly base64: readonly (readonly [number, string])[];
}

/**
 * Integers ≥ -1 as ASCII text, a few characters each (JSON carries it unescaped and
 * parses it as one string, far faster than an array of numbers): `v + 1` in base 32,
 * most significant digit first, each digit but the last as `0x60 + d` ("`a…z{|}~" and
 * DEL), the last as `0x30 + d` ("0…9:;<=>?@A…O"). So -1 is "0", 30 is "O", 31 is "a0".
 * A run: an integer followed by `*` and a count n ≥ 1 (written the same way) is that
 * integer n + 1 times, so a column of one value throughout (no sizes, one ACL) is a few
 * characters ("0*" and the count) instead of one per entry.
 */
export type IntColumn = string;

export type OperationStatus =
  | 'queued'
  | 'waiting-consent'
  | 'sending'
  | 'running'
  | 'verifying'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'interrupted';

export interface OperationSummary {
  readonly id: string;
  readonly handsetId: string;
  readonly operation: OperationKind;
  readonly status: OperationStatus;
  readonly progress: number;
  readonly resultCode?: number;
  readonly resultText?: string;
  readonly error?: { readonly step: string; readonly message: string };
  readonly verification?: string;
}

export interface RetrievalView {
  readonly id: string;
  readonly handsetImei: string;
  readonly model: string;
  readonly created: string;
  readonly verified: boolean;
  readonly items: readonly string[];
  readonly objectCount: number;
  readonly byteSize: number;
}

export interface VaultContents {
  readonly contacts: readonly { readonly name: string; readonly phones: readonly string[] }[];
  readonly events: readonly { readonly summary: string; readonly start: string }[];
  readonly notes: readonly { readonly text: string }[];
  readonly photos: readonly { readonly name: string; readonly dataUrl: string }[];
}

/**
 * The vault's key state: `open` (usable), `locked` (a passphrase-wrapped vault waits for
 * its passphrase), `new` (no vault key yet: the first passphrase given creates it).
 * `source` says where the key comes from once open.
 */
export interface VaultStatus {
  readonly state: 'open' | 'locked' | 'new';
  readonly source?: 'safe-storage' | 'passphrase' | 'key-file';
}

export interface AuditRecordView {
  readonly id: number;
  readonly at: string;
  readonly operator: string;
  readonly action: string;
  readonly handset: string;
  readonly detail: string;
  readonly outcome: string;
}

export interface TraceMessageView {
  readonly index: number;
  readonly direction: 'to-handset' | 'from-handset';
  readonly at: string;
  readonly encoding: 'wbxml' | 'xml';
  readonly bytes: number;
  readonly xml: string;
  readonly hex: string;
}

export interface Settings {
  readonly operator: string;
  readonly requireRetrievalBeforeWipe: boolean;
  readonly consentPolicy: 'handset' | 'ui-alert' | 'not-required';
  readonly defaultEncoding: 'wbxml' | 'xml';
}

/** Result types by channel. */
export interface ResultMap {
  'app:get-info': { readonly version: string; readonly shell: 'electron' | 'web' };
  'handsets:list': readonly HandsetSummary[];
  'handset:get-detail': HandsetDetail;
  'handset:get-tree': PackedTree;
  'handset:get-node': TreeNodeView;
  'handset:replace-node': { readonly status: number };
  'handset:exec-node': { readonly status: number };
  'operations:start': readonly OperationSummary[];
  'operations:cancel': { readonly cancelled: boolean };
  'operations:list': readonly OperationSummary[];
  'vault:list': readonly RetrievalView[];
  'vault:get-contents': VaultContents;
  'vault:export': { readonly files: number; readonly folder: string };
  'vault:delete': { readonly deleted: boolean };
  'vault:get-status': VaultStatus;
  'vault:unlock': VaultStatus;
  'audit:list': readonly AuditRecordView[];
  'audit:verify': { readonly ok: boolean; readonly records: number; readonly problem?: string };
  'audit:export': { readonly text: string };
  'trace:list-sessions': readonly {
    readonly id: string;
    readonly handsetId: string;
    readonly started: string;
    readonly messages: number;
  }[];
  'trace:get-session': readonly TraceMessageView[];
  'settings:get': Settings;
  'settings:set': Settings;
}

/** Events the services push to the UI. */
export interface EventMap {
  'handsets:changed': readonly HandsetSummary[];
  'operations:progress': OperationSummary;
  'trace:message': { readonly sessionId: string; readonly message: TraceMessageView };
}
export type EventName = keyof EventMap;

/** An error as it crosses the boundary. */
export interface IpcError {
  readonly name: string;
  readonly code: string;
  readonly message: string;
}

export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

/** The API object the renderer gets (from the preload, or the web shell's client). */
export type RendererApi = {
  readonly invoke: <C extends Channel>(
    channel: C,
    args: RequestArgs<C>,
  ) => Promise<IpcResult<ResultMap[C]>>;
  readonly on: <E extends EventName>(
    event: E,
    listener: (payload: EventMap[E]) => void,
  ) => () => void;
  /** Tells main the UI is ready: events held back until now are delivered. */
  readonly ready: () => void;
};

/** All channel names, for the preload and the web shell's router. */
export const CHANNELS = Object.keys(requestSchemas) as Channel[];
/** All event names. */
export const EVENTS: readonly EventName[] = [
  'handsets:changed',
  'operations:progress',
  'trace:message',
];
