/**
 * Reading the CLI's input: a file or standard input (`-`), with pasted hex/base64 text
 * turned back into bytes, and the one error type commands throw for the user.
 */
import { readFile } from 'node:fs/promises';
import { isPlainText, parsePastedBytes } from './pasted-bytes.js';
import type { PastedForm } from './pasted-bytes.js';

/**
 * An error meant for the person at the terminal: printed as `cimo <cmd>: <message>` without
 * a stack, and the process exits with `exitCode` (2 = bad input or usage, 1 = failed).
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** Input bytes and where they came from. */
export interface LoadedInput {
  /** What to show in messages: the path, or `<stdin>`. */
  readonly name: string;
  /** The bytes to decode (after un-pasting). */
  readonly bytes: Uint8Array;
  /** Size of the file or stream as read. */
  readonly rawLength: number;
  /** Set when the input was text holding hex or base64. */
  readonly pasted?: PastedForm;
}

/** True when the first byte after whitespace is `<`: XML, never pasted hex or base64. */
function startsLikeXml(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b === 0x3c) return true;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return false;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Reads `path` (`-` = stdin). Text that is clearly not XML but is hex, a hex dump or base64
 * is converted to the bytes it spells. Throws `CliError` (exit 2) when the file cannot be read.
 */
export async function loadInput(path: string): Promise<LoadedInput> {
  let raw: Uint8Array;
  const name = path === '-' ? '<stdin>' : path;
  try {
    // A view, not a copy: large inputs are decoded in a budget of a few times their size.
    const buf = path === '-' ? await readStdin() : await readFile(path);
    raw = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    throw new CliError(`cannot read ${name}: ${why}`);
  }
  if (!startsLikeXml(raw) && isPlainText(raw)) {
    const pasted = parsePastedBytes(new TextDecoder().decode(raw));
    if (pasted !== undefined) {
      return { name, bytes: pasted.bytes, rawLength: raw.length, pasted: pasted.form };
    }
  }
  return { name, bytes: raw, rawLength: raw.length };
}
