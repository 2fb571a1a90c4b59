import { sha256 } from '@noble/hashes/sha2.js';
import { DecodeError } from '../bytes/decode-error.js';
import { toHex } from '../bytes/hex.js';
import { el } from '../xml/element.js';
import type { XmlElement } from '../xml/element.js';
import { parseXml } from '../xml/parse-xml.js';
import { serializeXml } from '../xml/serialize-xml.js';

/**
 * One retrieved object as the manifest lists it. Every string here comes from the handset
 * and is untrusted: `name` is a label, never a file path — store objects under names the
 * console chooses and keep this one only for display.
 */
export interface RetrievalObject {
  /** Id of the `InfoList/<x>` item it belongs to, e.g. `PhoneBook`. */
  readonly info: string;
  readonly name: string;
  /** MIME type, e.g. `text/vcard`. */
  readonly type: string;
  /** Size in bytes (a safe integer). */
  readonly size: number;
  /** SHA-256 of the object, 64 lower-case hex digits. */
  readonly sha256: string;
}

/** The manifest a Retrieve produces (CIMO-MO.md "Retrieve"). */
export interface RetrievalManifest {
  /** Correlator of the Retrieve Exec. */
  readonly correlator: string;
  /** Creation time, ISO 8601 (extended or basic form, with a zone). */
  readonly created: string;
  readonly objects: readonly RetrievalObject[];
}

const FORMAT = 'manifest';
const ISO_8601 = /^\d{4}-?\d{2}-?\d{2}T\d{2}:?\d{2}(:?\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const DECIMAL = /^[0-9]{1,15}$/;

/** The manifest as an element tree (`Retrieval` with one `Object` per entry). */
export function manifestToElement(m: RetrievalManifest): XmlElement {
  return el(
    'Retrieval',
    '',
    m.objects.map((o) =>
      el(
        'Object',
        '',
        [],
        [
          { name: 'info', value: o.info },
          { name: 'name', value: o.name },
          { name: 'type', value: o.type },
          { name: 'size', value: String(o.size) },
          { name: 'sha256', value: o.sha256.toLowerCase() },
        ],
      ),
    ),
    [
      { name: 'correlator', value: m.correlator },
      { name: 'created', value: m.created },
    ],
  );
}

/**
 * Serializes a manifest as XML text with declaration. Attribute values are escaped (any
 * name round-trips through {@link parseManifest}); a string holding a character XML
 * cannot carry at all (C0 control other than TAB/LF/CR) makes it throw a `RangeError`.
 */
export function buildManifest(m: RetrievalManifest): string {
  return serializeXml(manifestToElement(m), { declaration: true });
}

/**
 * Parses a manifest (text, bytes or a parsed tree). Checks: root `Retrieval` with
 * `correlator` and an ISO 8601 `created`; each `Object` has `info`, `name`, `type`, a
 * decimal `size` and a 64-hex-digit `sha256` (normalized to lower case); no two objects
 * share the same `info` + `name`. Other elements and attributes are ignored. Total:
 * returns a manifest or throws `DecodeError` (format `'manifest'`, or `'xml'`).
 */
export function parseManifest(input: string | Uint8Array | XmlElement): RetrievalManifest {
  const root = typeof input === 'string' || input instanceof Uint8Array ? parseXml(input) : input;
  if (root.name !== 'Retrieval')
    fail('unexpected-element', `root is <${root.name}>, not Retrieval`);
  const correlator = attr(root, 'correlator');
  const created = attr(root, 'created');
  if (!ISO_8601.test(created))
    fail('bad-value', `created is not ISO 8601: ${JSON.stringify(created)}`);
  const objects: RetrievalObject[] = [];
  const seen = new Set<string>();
  for (const c of root.children) {
    if (c.kind !== 'element' || c.name !== 'Object') continue;
    const size = attr(c, 'size');
    if (!DECIMAL.test(size)) fail('bad-value', `size is not a byte count: ${JSON.stringify(size)}`);
    const digest = attr(c, 'sha256');
    if (!SHA256_HEX.test(digest))
      fail('bad-value', `sha256 is not 64 hex digits: ${JSON.stringify(digest)}`);
    const o: RetrievalObject = {
      info: attr(c, 'info'),
      name: attr(c, 'name'),
      type: attr(c, 'type'),
      size: Number(size),
      sha256: digest.toLowerCase(),
    };
    const key = JSON.stringify([o.info, o.name]);
    if (seen.has(key)) fail('bad-value', `object ${key} listed twice`);
    seen.add(key);
    objects.push(o);
  }
  return { correlator, created, objects };
}

/** How a received object compares with its manifest entry. */
export type ObjectCheck = 'ok' | 'size-mismatch' | 'digest-mismatch';

/** Checks received bytes against a manifest entry: size first, then SHA-256. */
export function checkRetrievedObject(entry: RetrievalObject, bytes: Uint8Array): ObjectCheck {
  if (bytes.length !== entry.size) return 'size-mismatch';
  return toHex(sha256(bytes)).toLowerCase() === entry.sha256.toLowerCase()
    ? 'ok'
    : 'digest-mismatch';
}

/** SHA-256 of `bytes` as lower-case hex, the form manifests carry. */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes)).toLowerCase();
}

function attr(e: XmlElement, name: string): string {
  const a = e.attributes.find((x) => x.name === name);
  if (a === undefined) fail('missing-element', `<${e.name}> lacks attribute ${name}`);
  return a.value;
}

function fail(
  reason: 'unexpected-element' | 'bad-value' | 'missing-element',
  detail: string,
): never {
  throw new DecodeError(0, reason, detail, FORMAT);
}
