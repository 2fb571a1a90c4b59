/** Public shapes of the vault: what the runner passes in and what browsing returns. */
import type { RetrievalManifest } from '../../../protocol/cimo/index.js';
import type { ObjectState } from './vault-db.js';

export type { ObjectState } from './vault-db.js';

/** What `beginRetrieval` needs: the handset, the Exec's correlator and the parsed manifest. */
export interface BeginRetrieval {
  readonly imei: string;
  readonly model?: string;
  readonly link?: string;
  readonly correlator: string;
  readonly manifest: RetrievalManifest;
  /**
   * Items selected for the Retrieve (`ToBeRetrieved=true`). An item selected but absent
   * from the manifest (it was empty) counts as retrieved with zero objects.
   */
  readonly items?: readonly string[];
}

/** An object of the manifest, by position or by its manifest `info` + `name`. */
export type ObjectRef = number | { readonly info: string; readonly name: string };

/** An object's bytes: one buffer, or chunks as they arrive (sync or async). */
export type ObjectSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** What storing one object found. */
export interface StoreResult {
  readonly index: number;
  readonly item: string;
  readonly state: Exclude<ObjectState, 'pending' | 'failed'>;
  /** Bytes received (for an oversize object, at least this many: reading stopped). */
  readonly receivedSize: number;
  /** SHA-256 of what was received (absent when reading stopped early). */
  readonly receivedSha256?: string;
}

/** One object of a retrieval; `name` is the handset's label, decrypted (display only, never a path). */
export interface ObjectInfo {
  readonly index: number;
  readonly item: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly sha256: string;
  readonly state: ObjectState;
  readonly receivedSize: number | null;
  readonly receivedSha256: string | null;
  /** True when ciphertext is kept (ok, or a mismatch whose bytes are kept for inspection). */
  readonly stored: boolean;
  readonly storedAt: string | null;
}

/** Per-item verification: all of the item's objects arrived with the right size and digest. */
export interface ItemStatus {
  readonly item: string;
  /** Set by `finish`; false while the retrieval is open. */
  readonly verified: boolean;
  readonly objects: number;
}

/** A retrieval as listed. */
export interface RetrievalInfo {
  readonly id: string;
  readonly imei: string;
  readonly model: string | null;
  readonly link: string | null;
  readonly correlator: string;
  /** The manifest's `created`. */
  readonly manifestCreated: string;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  /** `verified` only when every manifest object arrived intact (set by `finish`). */
  readonly state: 'open' | 'verified' | 'incomplete';
  readonly items: readonly ItemStatus[];
}

/** A retrieval with its objects. */
export interface RetrievalDetail extends RetrievalInfo {
  readonly objects: readonly ObjectInfo[];
}

/** The newest verified retrieval of an item, as the wipe interlock asks for it. */
export interface VerifiedItemRef {
  readonly retrievalId: string;
  readonly finishedAt: string;
}
