import { toBase64 } from '../bytes/base64.js';
import type { XmlElement } from '../xml/element.js';
import { serializeXml } from '../xml/serialize-xml.js';
import type { SyncMLMessage } from './model.js';

/**
 * A JSON-safe copy of a message (for `cimo decode --json`): the same shape as the model,
 * with `Uint8Array` values as `{ base64: "…" }` and embedded element trees as
 * `{ xml: "<DevInf …>…</DevInf>" }`.
 */
export function messageToJson(message: SyncMLMessage): unknown {
  return toJson(message);
}

function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: toBase64(value) };
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) {
    if ((value as { kind?: unknown }).kind === 'element' && 'children' in value) {
      return { xml: serializeXml(value as XmlElement) };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value;
}
