/**
 * What an audit record says: who did what to which handset, with which selection,
 * consent or waiver, and what came of it. These are the values the operation runner
 * passes in; {@link AuditRow} is what the log stores and returns.
 */

/** Operations and events the console records. Free strings are allowed for lab use (`raw-*`). */
export type AuditOperation =
  | 'lock'
  | 'partial-lock'
  | 'unlock'
  | 'retrieve'
  | 'wipe'
  | 'factory-reset'
  | 'uninstall'
  | 'raw-get'
  | 'raw-replace'
  | 'raw-exec'
  | 'vault-delete'
  | 'vault-export'
  | 'waiver'
  | 'consent'
  | 'head-reset';

/** The handset an operation targets. */
export interface AuditHandset {
  /** IMEI (or the DevId the handset reported when it has no IMEI). */
  readonly imei: string;
  readonly model?: string;
  /** How it is attached, e.g. `serial /dev/ttyACM0`, `tcp 10.0.0.5:650`, `http`. */
  readonly link?: string;
}

/** What an operation acts on: `InfoList` item ids, `AppList` ids, or a raw DM path. */
export interface AuditSelection {
  readonly items?: readonly string[];
  readonly apps?: readonly string[];
  readonly path?: string;
}

/** The owner's answer to a consent request, and how it was asked. */
export interface AuditConsent {
  /** Who answered (the owner's name as the operator typed it, or `handset owner`). */
  readonly by: string;
  /** `ui-alert-1101`: the console asked with a DM UI alert; `handset`: ConsentRequired on the handset; `in-person`: the operator asked. */
  readonly via: 'ui-alert-1101' | 'handset' | 'in-person';
  readonly answer: 'granted' | 'refused' | 'no-answer';
}

/** An operator's waiver of the retrieval-before-wipe interlock. */
export interface AuditWaiver {
  /** The operator who waived. */
  readonly by: string;
  /** Items wiped without a verified retrieval. */
  readonly items: readonly string[];
  readonly reason: string;
}

/** A JSON value (what `verification` may hold). */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** What `begin` records before an operation is sent. */
export interface AuditStart {
  /** The operator signed in to the console. */
  readonly operator: string;
  readonly operation: AuditOperation | `raw-${string}`;
  readonly handset?: AuditHandset;
  readonly selection?: AuditSelection;
  readonly consent?: AuditConsent;
  readonly waiver?: AuditWaiver;
  /** The DM Exec correlator, which identifies the operation on the handset. */
  readonly correlator?: string;
  readonly detail?: string;
}

/** How an operation ended. `interrupted` is written only by the log itself. */
export type AuditOutcomeKind =
  'succeeded' | 'failed' | 'refused' | 'cancelled' | 'unknown' | 'interrupted';

/** What `complete` records when a result arrives (or is learnt from `LastOperation`). */
export interface AuditOutcome {
  readonly outcome: Exclude<AuditOutcomeKind, 'interrupted'>;
  /** A CIMO result code (12xx/14xx) or a DM status code. */
  readonly resultCode?: number;
  readonly resultSource?: 'cimo' | 'dm-status';
  /** Consent obtained during the operation (the handset's own ConsentRequired prompt). */
  readonly consent?: AuditConsent;
  /** What was checked afterwards, e.g. `{ItemCount: 0, ByteSize: 0}` or `{digestsVerified: 12}`. */
  readonly verification?: JsonValue;
  readonly detail?: string;
}

/** A single event that is not an operation with a result (waiver given, vault export). */
export interface AuditEvent extends AuditStart {
  readonly outcome?: Exclude<AuditOutcomeKind, 'interrupted'>;
  readonly resultCode?: number;
  readonly verification?: JsonValue;
}

/** Row kinds: an operation's start, its completion(s), the log's interrupted mark, or a lone event. */
export type AuditRowKind = 'started' | 'completed' | 'interrupted' | 'event';

/** One row as stored. Completion and interrupted rows repeat the start's who/what/handset. */
export interface AuditRow {
  readonly id: number;
  readonly kind: AuditRowKind;
  /** For `completed` and `interrupted`: id of the `started` row. */
  readonly ref: number | null;
  /** ISO 8601 UTC time the row was written. */
  readonly at: string;
  readonly operator: string;
  readonly operation: string;
  readonly imei: string | null;
  readonly model: string | null;
  readonly link: string | null;
  readonly correlator: string | null;
  readonly selection: AuditSelection | null;
  readonly consent: AuditConsent | null;
  readonly waiver: AuditWaiver | null;
  readonly outcome: AuditOutcomeKind | null;
  readonly resultCode: number | null;
  readonly resultSource: 'cimo' | 'dm-status' | null;
  readonly verification: JsonValue | null;
  readonly detail: string | null;
  /** Hash of the previous row (64 zeros for the first). */
  readonly prevHash: string;
  /** SHA-256 over {@link AuditRow} fields (but `id` and `hash`) and `prevHash`. */
  readonly hash: string;
}

/** An operation: its start row and every row that refers to it, in order. */
export interface AuditOperationView {
  readonly id: number;
  readonly start: AuditRow;
  readonly followUps: readonly AuditRow[];
  /** `open`: no completion yet; `interrupted`: marked interrupted, not resolved; `completed`; `interrupted-then-completed`. */
  readonly state: 'open' | 'interrupted' | 'completed' | 'interrupted-then-completed';
  /** The last completion's outcome, else `interrupted` or null. */
  readonly outcome: AuditOutcomeKind | null;
  readonly resultCode: number | null;
}

/** Filters for listing; all optional, combined with AND. Times are ISO 8601 (inclusive). */
export interface AuditFilter {
  readonly imei?: string;
  readonly operator?: string;
  readonly operation?: string;
  readonly from?: string;
  readonly to?: string;
  readonly outcome?: AuditOutcomeKind;
  readonly kind?: AuditRowKind;
  /** Maximum rows, newest last. */
  readonly limit?: number;
}
