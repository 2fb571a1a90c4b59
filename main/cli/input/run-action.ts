/**
 * Wraps a command's action so that every failure ends the same way: a `CliError` or a
 * `DecodeError` becomes one line on stderr and its exit status (DecodeError → 2, naming
 * the byte offset and reason); anything else is a bug and keeps its stack (exit 1).
 */
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { CliError } from './read-input.js';

/**
 * Describes a DecodeError for people. Its message already reads
 * `<format>: <detail> (at offset N)`; the machine reason is appended in brackets.
 */
export function describeDecodeError(e: { reason: string; message: string }): string {
  return `${e.message} [${e.reason}]`;
}

/** Returns an action handler that reports errors as described above. */
export function runAction<A extends unknown[]>(
  command: string,
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (e instanceof CliError) {
        process.stderr.write(`cimo ${command}: ${e.message}\n`);
        process.exitCode = e.exitCode;
      } else if (isDecodeError(e)) {
        process.stderr.write(`cimo ${command}: ${describeDecodeError(e)}\n`);
        process.exitCode = 2;
      } else {
        throw e;
      }
    }
  };
}
