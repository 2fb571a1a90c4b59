import { ObexResponse } from './codes.js';
import { ObexRefusal } from './errors.js';

/** One file or folder as a store reports it. */
export interface FileStoreEntry {
  readonly kind: 'file' | 'folder';
  readonly name: string;
  /** Size in bytes (files). */
  readonly size?: number | undefined;
  readonly modified?: Date | undefined;
}

/** Why a store operation failed; the Folder Browsing service maps it to a response code. */
export type FileStoreErrorCode =
  'not-found' | 'exists' | 'not-empty' | 'not-a-folder' | 'is-a-folder' | 'read-only' | 'full';

/** A store operation failed for a reason the peer should hear about. */
export class FileStoreError extends Error {
  override readonly name = 'FileStoreError';
  readonly fileStoreError = true;
  constructor(
    readonly code: FileStoreErrorCode,
    readonly path: readonly string[],
  ) {
    super(`${code}: /${path.join('/')}`);
  }
}

/** A file being written piece by piece (see {@link FileStore.openWrite}). */
export interface FileStoreWriter {
  /** Appends a piece; the next call waits for this one (await it). */
  write(piece: Uint8Array): Promise<void>;
  /** Optional: appends several pieces in order with one write (as `write` of each). */
  writev?(pieces: readonly Uint8Array[]): Promise<void>;
  /** Puts the file in place under its name, replacing an older one. */
  close(): Promise<void>;
  /** Discards what was written; an older file of that name stays as it was. Idempotent. */
  abort(): Promise<void>;
}

/** A file opened for reading piece by piece (see {@link FileStore.openRead}). */
export interface FileStoreReader {
  /** Size in bytes when opened. */
  readonly size: number;
  /** The content in order; ending the iteration early (`return()`) releases the file. */
  readonly body: AsyncIterable<Uint8Array>;
}

/**
 * What the Folder Browsing service needs of a file system. Paths are arrays of segments
 * from the store's root; every segment has passed {@link checkSegment} (no `/`, `\`, NUL,
 * `.`, `..` or empty names), so an implementation on disk can join them safely. Failures
 * throw {@link FileStoreError}; anything else is reported to the peer as 0xD0.
 */
export interface FileStore {
  /** The entries of a folder; `not-found` / `not-a-folder`. */
  list(path: readonly string[]): Promise<readonly FileStoreEntry[]>;
  /** The entry at `path`, or undefined when there is none. `[]` is the root folder. */
  stat(path: readonly string[]): Promise<FileStoreEntry | undefined>;
  /** A file's content; `not-found` / `is-a-folder`. */
  read(path: readonly string[]): Promise<Uint8Array>;
  /** Creates or replaces a file; its folder must exist (`not-found`), `is-a-folder`. */
  write(path: readonly string[], data: Uint8Array): Promise<void>;
  /** Removes a file or an empty folder; `not-found` / `not-empty`. */
  remove(path: readonly string[]): Promise<void>;
  /** Creates a folder; its parent must exist (`not-found`); `exists` if a file is in the way. */
  mkdir(path: readonly string[]): Promise<void>;
  /**
   * Optional, for objects too large to hold whole: starts writing a file with the
   * checks and failures of `write`; nothing appears under the name before `close()`.
   * Stores without it get `write` with the whole object.
   */
  openWrite?(path: readonly string[]): Promise<FileStoreWriter>;
  /**
   * Optional, for objects too large to hold whole: opens a file for reading piece by
   * piece, with the checks and failures of `read`. Stores without it get `read`.
   */
  openRead?(path: readonly string[]): Promise<FileStoreReader>;
}

/**
 * Checks one name from the peer. Throws `ObexRefusal` 0xC0 Bad Request for an empty name
 * or one containing `/`, `\` or NUL, and 0xC3 Forbidden for `.` and `..` (path
 * traversal); returns the name otherwise.
 */
export function checkSegment(name: string | undefined): string {
  if (name === undefined || name === '' || /[/\\\0]/.test(name)) {
    throw new ObexRefusal(ObexResponse.BadRequest, 'invalid name');
  }
  if (name === '.' || name === '..') throw new ObexRefusal(ObexResponse.Forbidden, 'invalid name');
  return name;
}

/** The response code for a store failure: `not-found` → 0xC4, `full` → 0xE0, others → 0xC3. */
export function fileStoreRefusal(e: FileStoreError): ObexRefusal {
  const code =
    e.code === 'not-found'
      ? ObexResponse.NotFound
      : e.code === 'full'
        ? ObexResponse.DatabaseFull
        : ObexResponse.Forbidden;
  return new ObexRefusal(code, e.code);
}

/** True for `FileStoreError` (also across module copies). */
export function isFileStoreError(e: unknown): e is FileStoreError {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { fileStoreError?: unknown }).fileStoreError === true
  );
}
