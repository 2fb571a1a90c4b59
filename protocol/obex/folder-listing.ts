import { SaxesParser } from 'saxes';
import { DecodeError } from '../bytes/decode-error.js';

/** MIME type of a folder listing object (IrOBEX §9.1.4; sent as the Type of a GET). */
export const FOLDER_LISTING_TYPE = 'x-obex/folder-listing';

/** One `<file>` or `<folder>` of a listing. */
export interface FolderListingEntry {
  readonly kind: 'file' | 'folder';
  readonly name: string;
  /** Size in bytes, when given and a valid non-negative integer. */
  readonly size?: number | undefined;
  /** The `modified` time, when given and valid (`YYYYMMDDTHHMMSSZ`, UTC). */
  readonly modified?: Date | undefined;
  /** Every attribute as written (including `name`, `size`, `modified`, `user-perm`, …). */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A parsed `x-obex/folder-listing` object. */
export interface FolderListing {
  /** A `<parent-folder/>` was present (we are not at the root). */
  readonly hasParent: boolean;
  readonly entries: readonly FolderListingEntry[];
}

/** What {@link buildFolderListing} needs: entries without the raw attributes. */
export interface FolderListingInput {
  readonly hasParent: boolean;
  readonly entries: readonly Omit<FolderListingEntry, 'attributes'>[];
}

/** `YYYYMMDDTHHMMSSZ` in UTC, as the folder-listing DTD specifies for `modified`. */
export function formatObexTime(date: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}T` +
    `${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`
  );
}

/**
 * Parses `YYYYMMDDTHHMMSS` with an optional `Z`. Without `Z` the time is local to the
 * sender and unknowable here; we read it as UTC. Returns undefined for anything else.
 */
export function parseObexTime(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60
    ? date
    : undefined;
}

/**
 * Escapes text for an XML attribute value in double quotes. Throws TypeError for
 * characters XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF).
 */
export function escapeAttribute(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw new TypeError('text: lone surrogate');
      out += ch + (text[i + 1] as string);
      i++;
      continue;
    }
    if (
      (c >= 0xdc00 && c <= 0xdfff) ||
      c === 0xfffe ||
      c === 0xffff ||
      (c < 0x20 && c !== 9 && c !== 10 && c !== 13)
    ) {
      throw new TypeError(
        `text: character U+${c.toString(16).padStart(4, '0')} cannot appear in XML`,
      );
    }
    switch (ch) {
      case '&':
        out += '&amp;';
        break;
      case '<':
        out += '&lt;';
        break;
      case '>':
        out += '&gt;';
        break;
      case '"':
        out += '&quot;';
        break;
      case "'":
        out += '&apos;';
        break;
      default:
        out += c < 0x20 ? `&#x${c.toString(16)};` : ch;
    }
  }
  return out;
}

/** Builds the listing document (text); `size`/`modified` are written when present. */
export function buildFolderListing(listing: FolderListingInput): string {
  const lines = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE folder-listing SYSTEM "obex-folder-listing.dtd">',
    '<folder-listing version="1.0">',
  ];
  if (listing.hasParent) lines.push('  <parent-folder/>');
  for (const e of listing.entries) {
    let attrs = ` name="${escapeAttribute(e.name)}"`;
    if (e.size !== undefined) attrs += ` size="${e.size}"`;
    if (e.modified !== undefined) attrs += ` modified="${formatObexTime(e.modified)}"`;
    lines.push(`  <${e.kind}${attrs}/>`);
  }
  lines.push('</folder-listing>', '');
  return lines.join('\n');
}

/** {@link buildFolderListing} as UTF-8 bytes, the body of a listing GET. */
export function encodeFolderListing(listing: FolderListingInput): Uint8Array {
  return new TextEncoder().encode(buildFolderListing(listing));
}

/**
 * Parses a folder listing. Tolerant: unknown elements and attributes are ignored (kept in
 * `attributes`), entries without a name are skipped, bad sizes and times are left out, and
 * a `<folder name="..">` counts as the parent. Total: throws DecodeError (format
 * `folder-listing`) for bytes that are not UTF-8 (`bad-utf8`), XML that is not well-formed
 * (`malformed-xml`) or a root other than `folder-listing` (`unexpected-element`).
 */
export function parseFolderListing(input: Uint8Array | string): FolderListing {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new DecodeError(0, 'bad-utf8', 'listing is not UTF-8', 'folder-listing');
    }
  }
  const parser = new SaxesParser({ xmlns: false });
  const entries: FolderListingEntry[] = [];
  let hasParent = false;
  let depth = 0;
  let failure: DecodeError | undefined;
  parser.on('error', (e) => {
    failure ??= new DecodeError(parser.position, 'malformed-xml', e.message, 'folder-listing');
  });
  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1 && tag.name !== 'folder-listing') {
      failure ??= new DecodeError(
        parser.position,
        'unexpected-element',
        `root is <${tag.name}>`,
        'folder-listing',
      );
    }
    if (depth !== 2) return;
    if (tag.name === 'parent-folder') hasParent = true;
    if (tag.name !== 'file' && tag.name !== 'folder') return;
    const attributes: Record<string, string> = { ...tag.attributes };
    const name = attributes['name'];
    if (name === undefined || name === '') return;
    if (tag.name === 'folder' && name === '..') {
      hasParent = true;
      return;
    }
    const rawSize = attributes['size']?.trim() ?? '';
    const size =
      /^\d{1,16}$/.test(rawSize) && Number.isSafeInteger(Number(rawSize))
        ? Number(rawSize)
        : undefined;
    const modified =
      attributes['modified'] === undefined ? undefined : parseObexTime(attributes['modified']);
    entries.push({ kind: tag.name, name, size, modified, attributes });
  });
  parser.on('closetag', () => {
    depth--;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    // saxes reports through the error handler; anything thrown past it is still bad input.
    failure ??= new DecodeError(
      parser.position,
      'malformed-xml',
      e instanceof Error ? e.message : 'parse error',
      'folder-listing',
    );
  }
  if (failure) throw failure;
  return { hasParent, entries };
}
