/**
 * Writes the objects of an export (a Retrieve) into a folder: safe, unique single-segment
 * names, and the size and SHA-256 of exactly the bytes written.
 *
 * A file is exported as a hard link to it where the file system allows one: the stores
 * never change a file in place (they write a new file and rename it over the old one), so
 * the link keeps the content the export hashed, and a shred, which overwrites in place,
 * zeros both names as it should. Creating and filling a file cost ~150 µs of CPU here, a
 * link ~10 µs, and a retrieval exports every file of every item.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, linkSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isErrno, turn } from './files.js';
import type { ExportedObject } from './types.js';

const MAX_NAME = 120;
/** Largest piece a copy reads at once. */
const COPY_PIECE = 1 << 20;

/**
 * Makes a safe single path segment from an untrusted name (a record store's name, a file
 * name from the card, a relative path): letters and digits of any script, `.`, `-`, `_`;
 * everything else (separators, controls, spaces, `:` ...) becomes `_`. Never empty, never
 * starting with a dot (no `.`, `..` or hidden files), at most 120 characters with the
 * extension kept.
 */
export function safeName(raw: string): string {
  let s = raw.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_');
  s = s.replace(/^[._]+/, '').replace(/_+/g, '_');
  if (s === '' || /^[.]*$/.test(s)) s = 'object';
  if (s.length > MAX_NAME) {
    const dot = s.lastIndexOf('.');
    const ext = dot > 0 && s.length - dot <= 10 ? s.slice(dot) : '';
    s = [...s.slice(0, MAX_NAME - ext.length)].join('') + ext;
    // Cutting by UTF-16 units may have split a surrogate pair: drop a dangling half.
    s = s.replace(/[\uD800-\uDBFF](?=\.|$)/u, '');
  }
  return s;
}

/** `name` with ` -2`, `-3` ... before the extension. */
function numbered(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/**
 * One export into `dir`. Files are created exclusively (`wx`), so an object never
 * overwrites another one already in the folder, even one from another item's export.
 * Opening, reading, writing and closing are synchronous calls (the reason is in
 * `files.ts`); a copy gives the event loop a turn after each piece.
 */
export class ExportWriter {
  readonly written: ExportedObject[] = [];

  constructor(
    private readonly dir: string,
    private readonly info: string,
  ) {}

  /**
   * Runs `make` on the path of the object's name, then of ` -2`, `-3` ... while the name is
   * taken (`EEXIST`): files are created and linked exclusively, never over another object.
   */
  private claim<T>(wanted: string, make: (path: string) => T): { name: string; made: T } {
    const base = safeName(wanted);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : numbered(base, n);
      try {
        return { name, made: make(join(this.dir, name)) };
      } catch (err) {
        if (!isErrno(err, 'EEXIST')) throw err;
      }
    }
  }

  /** Creates the object's file under a free name. */
  private create(wanted: string): { name: string; fd: number } {
    const { name, made } = this.claim(wanted, (path) => openSync(path, 'wx'));
    return { name, fd: made };
  }

  /** Writes an object from bytes in memory. */
  async writeBytes(wanted: string, type: string, data: Uint8Array): Promise<ExportedObject> {
    const { name, fd } = this.create(wanted);
    try {
      writeAll(fd, data);
    } finally {
      closeSync(fd);
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    return this.add({ info: this.info, name, type, size: data.length, sha256 });
  }

  /**
   * Puts a file into the export: a hard link to it (see the module comment), else — on a
   * file system without links, or across file systems — a copy. Either way the digest is
   * of the bytes the export holds: a linked file is read back for it, a copy hashed as it
   * is written.
   */
  async addFile(source: string, wanted: string, type: string): Promise<ExportedObject> {
    const linked = this.link(source, wanted);
    if (linked === undefined) return this.copy(source, wanted, type);
    const h = createHash('sha256');
    const size = await readPieces(join(this.dir, linked), (piece) => h.update(piece));
    return this.add({ info: this.info, name: linked, type, size, sha256: h.digest('hex') });
  }

  /** Links `source` under a free name; undefined when the file system will not link it. */
  private link(source: string, wanted: string): string | undefined {
    try {
      return this.claim(wanted, (path) => linkSync(source, path)).name;
    } catch (err) {
      if (NO_LINK.some((code) => isErrno(err, code))) return undefined;
      throw err;
    }
  }

  /**
   * Copies a file, hashing the bytes as they are written: the size it has when opened,
   * read in pieces sized to what is left (most objects are one small read), the event
   * loop getting a turn between pieces of a large one.
   */
  private async copy(source: string, wanted: string, type: string): Promise<ExportedObject> {
    const { name, fd } = this.create(wanted);
    const h = createHash('sha256');
    let size: number;
    try {
      size = await readPieces(source, (piece) => {
        writeAll(fd, piece);
        h.update(piece);
      });
    } finally {
      closeSync(fd);
    }
    return this.add({ info: this.info, name, type, size, sha256: h.digest('hex') });
  }

  private add(o: ExportedObject): ExportedObject {
    this.written.push(o);
    return o;
  }
}

/** Why a link can fail where a copy works: no links on this file system, or another one. */
const NO_LINK = ['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'];

/**
 * Reads a file in pieces sized to what is left of the size it had when opened (most
 * objects are one small read), giving the event loop a turn between pieces of a large
 * one; returns the bytes read.
 */
async function readPieces(path: string, onPiece: (piece: Buffer) => void): Promise<number> {
  const src = openSync(path, 'r');
  let size = 0;
  try {
    let left = fstatSync(src).size;
    while (left > 0) {
      if (size > 0) await turn();
      const buf = Buffer.allocUnsafe(Math.min(COPY_PIECE, left));
      const bytesRead = readSync(src, buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      onPiece(buf.subarray(0, bytesRead));
      size += bytesRead;
      left -= bytesRead;
    }
  } finally {
    closeSync(src);
  }
  return size;
}

/** Writes all of `data` at the file position of `fd`. */
function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}
