/**
 * `cimo encode --to wbxml|xml FILE|- [-o OUT]`: re-encodes a SyncML DM message (read in
 * either encoding, or pasted as hex/base64) into the other — or the same — encoding.
 * Writes to stdout when no `-o` is given, but refuses to put binary WBXML on a terminal.
 * Exit status: 0 written; 2 bad input, usage, or I/O error.
 */
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { decodeMessage, encodeMessage } from '../../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../../protocol/syncml/codec.js';
import { CliError, loadInput } from '../input/read-input.js';
import { describeDecodeError, runAction } from '../input/run-action.js';

interface EncodeOptions {
  readonly to: SyncMLEncoding;
  readonly output?: string;
  readonly pretty?: boolean;
}

async function encodeAction(file: string, options: EncodeOptions): Promise<void> {
  const input = await loadInput(file);
  if (options.output === undefined && options.to === 'wbxml' && process.stdout.isTTY) {
    throw new CliError('refusing to write binary WBXML to a terminal; use -o FILE or a pipe');
  }
  let message;
  try {
    message = decodeMessage(input.bytes, {
      onWarning: (w) =>
        process.stderr.write(
          `cimo encode: ${input.name}: warning at offset ${w.offset}: ${w.message}\n`,
        ),
    }).message;
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    throw new CliError(`${input.name}: ${describeDecodeError(e)}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = encodeMessage(message, options.to, { pretty: options.pretty ?? false });
  } catch (e) {
    throw new CliError(
      `cannot encode as ${options.to}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (options.output === undefined) {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())),
    );
    return;
  }
  try {
    await writeFile(options.output, bytes);
  } catch (e) {
    throw new CliError(
      `cannot write ${options.output}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Adds `cimo encode` to `program`. */
export function register(program: Command): void {
  program
    .command('encode')
    .description('re-encode a SyncML DM message as WBXML or XML')
    .argument('<file>', 'input file (XML, WBXML, or pasted hex/base64), or - for stdin')
    .addOption(
      new Option('--to <encoding>', 'output encoding')
        .choices(['wbxml', 'xml'])
        .makeOptionMandatory(),
    )
    .option('-o, --output <file>', 'write here instead of stdout')
    .option('--pretty', 'indent XML output (XML only; the wire form is compact)')
    .action(runAction('encode', encodeAction));
}
