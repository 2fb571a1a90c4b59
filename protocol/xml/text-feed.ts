import { DecodeError } from '../bytes/decode-error.js';
import { firstInvalidUtf8 } from './xml-bytes.js';

/**
 * Characters (or UTF-8 bytes) handed to the XML parser per step: the document is never
 * held as one string, so a large message costs its bytes plus a slice, not twice its size
 * again as UTF-16 text.
 */
const SLICE = 64 * 1024;

/**
 * The document text in slices for the parser. No slice ends inside a surrogate pair or
 * between a CR and its LF (saxes normalizes line ends within one write only). `restart`
 * gives a fresh feed over the same document (for the second parse that names positions).
 */
export interface TextFeed {
  /** The next slice, or undefined at the end. Throws `DecodeError` for bad UTF-8. */
  next(): string | undefined;
  /** Characters handed out so far. */
  readonly fed: number;
  /** A new feed from the start of the same document. */
  restart(): TextFeed;
  /**
   * Checks the rest of the document for bad UTF-8 (throwing that `DecodeError`): a
   * decoding error anywhere wins over a parse error, as if the bytes were decoded first.
   */
  checkRest(): void;
}

/** Slices of an existing string. */
export class StringFeed implements TextFeed {
  fed = 0;
  constructor(private readonly text: string) {}

  next(): string | undefined {
    const { text } = this;
    if (this.fed >= text.length) return undefined;
    let to = Math.min(text.length, this.fed + SLICE);
    const last = text.charCodeAt(to - 1);
    if ((last >= 0xd800 && last <= 0xdbff) || last === 0x0d) to++;
    const slice = text.slice(this.fed, to);
    this.fed = to;
    return slice;
  }

  restart(): TextFeed {
    return new StringFeed(this.text);
  }

  checkRest(): void {}
}

/** Strict UTF-8 bytes (a leading BOM skipped) decoded a slice at a time. */
export class Utf8Feed implements TextFeed {
  fed = 0;
  private at: number;
  private carry = '';
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private done = false;

  constructor(private readonly bytes: Uint8Array) {
    this.at = 0;
  }

  private fail(): never {
    throw new DecodeError(firstInvalidUtf8(this.bytes), 'bad-utf8', 'invalid UTF-8', 'xml');
  }

  next(): string | undefined {
    if (this.done) return undefined;
    const { bytes } = this;
    let text: string;
    try {
      if (this.at < bytes.length) {
        const to = Math.min(bytes.length, this.at + SLICE);
        text = this.carry + this.decoder.decode(bytes.subarray(this.at, to), { stream: true });
        this.at = to;
      } else {
        text = this.carry + this.decoder.decode();
        this.done = true;
      }
    } catch {
      this.fail();
    }
    this.carry = '';
    if (!this.done && text.charCodeAt(text.length - 1) === 0x0d) {
      // Keep a trailing CR for the next slice, where its LF may be.
      this.carry = '\r';
      text = text.slice(0, -1);
    }
    this.fed += text.length;
    return text === '' && !this.done ? this.next() : text === '' ? undefined : text;
  }

  restart(): TextFeed {
    return new Utf8Feed(this.bytes);
  }

  checkRest(): void {
    while (this.next() !== undefined) {
      // throws on the first bad sequence
    }
  }
}
