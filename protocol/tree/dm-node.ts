import type { DmFormat } from './format.js';

/**
 * A read-only snapshot of one node, as `DmTree.info` and the walkers return it. Values are
 * copies: changing them does not change the tree.
 */
export interface DmNodeInfo {
  /** Segments below the root; empty for the root. */
  readonly segments: readonly string[];
  /** Canonical URI (`.` or `./A/B`). */
  readonly uri: string;
  /** Node name; `.` for the root. */
  readonly name: string;
  /** True for interior nodes (Format `node`). */
  readonly interior: boolean;
  readonly format: DmFormat;
  /** MIME type (leaf) or MO identifier (interior); absent when never set. */
  readonly type?: string;
  /** The node's own ACL; `''` means inherited. */
  readonly acl: string;
  readonly title?: string;
  /** Last change, epoch milliseconds (from the tree's clock). */
  readonly tstamp: number;
  /** 16-bit version counter, bumped on every change of the node. */
  readonly verNo: number;
  /** Permanent nodes cannot be deleted or renamed, nor change Format/Type. */
  readonly permanent: boolean;
  /** Leaf value bytes (decoded: b64 leaves hold the bytes, not the base64 text). */
  readonly value?: Uint8Array;
  /** Child names in insertion order (interior only). */
  readonly children?: readonly string[];
}

/** What `DmTree.add` needs to create a node. */
export interface DmNodeInit {
  /** `node` creates an interior node; default `chr` (the DM default Meta Format). */
  readonly format?: DmFormat;
  readonly type?: string;
  /** Leaf value; text is stored as UTF-8. Ignored for interior nodes. */
  readonly value?: Uint8Array | string;
  readonly title?: string;
  /** The node's own ACL (validated); default `''` (inherit). */
  readonly acl?: string;
  /** Marks the node permanent (device-created, from a DDF's Scope Permanent). */
  readonly permanent?: boolean;
}

/** Meta that a Replace may carry. */
export interface DmReplaceMeta {
  readonly format?: DmFormat;
  readonly type?: string;
}

/** The result of a Get on a node: its value (or child list) with Meta Format/Type. */
export interface DmGetResult {
  readonly format: DmFormat;
  readonly type?: string;
  /** Leaf: the value; interior: child names joined by `/`, UTF-8. */
  readonly data: Uint8Array;
}

/** The runtime properties `?prop=` can name (PROTOCOL-FACTS §6.1). */
export const DM_PROPERTIES = [
  'ACL',
  'Format',
  'Name',
  'Size',
  'Title',
  'TStamp',
  'Type',
  'VerNo',
] as const;

/** A runtime property name. */
export type DmProperty = (typeof DM_PROPERTIES)[number];
