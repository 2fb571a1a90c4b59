/**
 * Synchronous, blocking output for commands that write a large result while they compute
 * it (`cimo decode`, `cimo encode` on big messages): each chunk is written out before the
 * producer continues, so memory stays flat whatever the size of the output, and a slow
 * reader (a pipe into `less`) simply makes the producer wait — backpressure without
 * buffering. A non-blocking descriptor's `EAGAIN` is waited out in short sleeps.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/** The reader went away (`EPIPE`, e.g. `cimo decode big.wbxml | head`). */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

/**
 * `cimo decode` and `cimo encode` write inputs at least this large out while they decode
 * them (in a second pass, after a first one has checked the whole message), so memory
 * stays a small multiple of the input; smaller ones are decoded once and written from
 * memory, which is faster.
 */
export const STREAM_MIN_BYTES = 4 * 1024 * 1024;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `bytes` to `fd`, waiting while the descriptor would block. */
export function writeAllSync(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(sleeper, 0, 0, 2);
        continue;
      }
      if (code === 'EPIPE') throw new OutputClosedError('output closed by the reader');
      throw e;
    }
  }
}

/** A chunk writer for `fd`: strings are written as UTF-8. */
export function fdWriter(fd: number): (chunk: string | Uint8Array) => void {
  return (chunk) =>
    writeAllSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
}

/**
 * Opens `path` for writing (created or truncated) and returns a chunk writer and a close
 * function; undefined means standard output (never closed).
 */
export function openOutput(path: string | undefined): {
  write: (chunk: string | Uint8Array) => void;
  close: () => void;
} {
  if (path === undefined) return { write: fdWriter(1), close: () => {} };
  const fd = openSync(path, 'w');
  return { write: fdWriter(fd), close: () => closeSync(fd) };
}
