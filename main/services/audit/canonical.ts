/**
 * The canonical form a row is hashed in. The hash covers the exact texts stored in the
 * database (JSON columns as stored), so verifying never depends on re-serializing
 * objects; `canonicalJson` only makes those texts deterministic when they are written.
 */
import { createHash, createHmac } from 'node:crypto';
import type { JsonValue } from './types.js';

/** Hash that stands for "no previous row". */
export const GENESIS_HASH = '0'.repeat(64);

/** Version tag hashed into every row, so a future format cannot be confused with this one. */
const FORMAT = 'cimo-audit-1';

/**
 * JSON with object keys sorted at every level and no whitespace. `undefined` members are
 * dropped (as `JSON.stringify` does); non-finite numbers are refused with a `TypeError`
 * because they would not round-trip.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`audit: number ${value} cannot be recorded`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`audit: a ${typeof value} cannot be recorded`);
}

/** The stored columns a hash covers (everything but `id` and `hash`). */
export interface HashedColumns {
  readonly kind: string;
  readonly ref: number | null;
  readonly at: string;
  readonly operator: string;
  readonly operation: string;
  readonly imei: string | null;
  readonly model: string | null;
  readonly link: string | null;
  readonly correlator: string | null;
  readonly selection: string | null;
  readonly consent: string | null;
  readonly waiver: string | null;
  readonly outcome: string | null;
  readonly result_code: number | null;
  readonly result_source: string | null;
  readonly verification: string | null;
  readonly detail: string | null;
  readonly prev_hash: string;
}

/**
 * SHA-256 (lower-case hex) of a row: a JSON array of the format tag and the columns in a
 * fixed order. The row id is deliberately not hashed: order is carried by `prev_hash`,
 * which is what lets `verify` tell a reordered row from an edited one.
 */
export function rowHash(c: HashedColumns): string {
  const text = JSON.stringify([
    FORMAT,
    c.prev_hash,
    c.kind,
    c.ref,
    c.at,
    c.operator,
    c.operation,
    c.imei,
    c.model,
    c.link,
    c.correlator,
    c.selection,
    c.consent,
    c.waiver,
    c.outcome,
    c.result_code,
    c.result_source,
    c.verification,
    c.detail,
  ]);
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA-256 (hex) of `text` under `key`. */
export function hmacHex(key: Uint8Array, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** `canonicalJson` of a value, or null for undefined. */
export function jsonOrNull(value: JsonValue | object | undefined): string | null {
  return value === undefined ? null : canonicalJson(value);
}
