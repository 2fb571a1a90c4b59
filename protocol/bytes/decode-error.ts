/**
 * The one error every decoder in protocol/ throws for bad input.
 *
 * Decoders are total: for any input they either return a value or throw a `DecodeError`
 * (never a `RangeError`, `TypeError` or anything else, never hang, never allocate more
 * than a small multiple of the input). `offset` is the byte offset (for binary formats)
 * or character offset (for text formats) where the problem was found; `reason` is a short
 * machine-readable code; `message` is for people.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  /** Discriminant for `catch` blocks that cannot use `instanceof` across realms. */
  readonly decodeError = true;

  constructor(
    /** Byte (or character) offset in the input where decoding failed. */
    readonly offset: number,
    /** Machine-readable reason, e.g. `'truncated'`, `'unknown-token'`, `'too-deep'`. */
    readonly reason: DecodeErrorReason,
    /** Human-readable detail. */
    detail: string,
    /** Which format was being decoded, e.g. `'wbxml'`, `'xml'`, `'syncml'`, `'pkg0'`, `'obex'`. */
    readonly format: string = 'data',
  ) {
    super(`${format}: ${detail} (at offset ${offset})`);
  }
}

/** Reasons a decoder may give. Add to this list rather than inventing free text. */
export type DecodeErrorReason =
  | 'truncated'
  | 'trailing-data'
  | 'bad-version'
  | 'unknown-public-id'
  | 'bad-charset'
  | 'unknown-token'
  | 'unknown-page'
  | 'unknown-element'
  | 'unexpected-element'
  | 'missing-element'
  | 'bad-value'
  | 'too-deep'
  | 'too-large'
  | 'bad-length'
  | 'bad-utf8'
  | 'malformed-xml'
  | 'entity'
  | 'bad-string-ref'
  | 'digest-mismatch'
  | 'unsupported';

/** True when `e` is a DecodeError (also across module copies). */
export function isDecodeError(e: unknown): e is DecodeError {
  return (
    typeof e === 'object' && e !== null && (e as { decodeError?: unknown }).decodeError === true
  );
}
