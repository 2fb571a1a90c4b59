/**
 * `cimo encode --to wbxml|xml FILE|- [-o OUT]`: re-encodes a SyncML DM message (read in
 * either encoding, or pasted as hex/base64) into the other — or the same — encoding.
 * Writes to stdout when no `-o` is given, but refuses to put binary WBXML on a terminal.
 * Exit status: 0 written; 2 bad input, usage, or I/O error.
 *
 * Large inputs (`STREAM_MIN_BYTES`) are re-encoded while they are read, as `cimo decode`
 * prints them: a first pass decodes and encodes everything with the output discarded, so
 * decoding and encoding errors are reported before OUT is touched; a second pass writes
 * the output in chunks. If writing fails midway (disk full), the partial OUT is removed.
 */
import { unlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { decodeMessage, encodeMessage, streamMessage } from '../../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../../protocol/syncml/codec.js';
import { wbxmlEncoder, xmlEncoder } from '../../../protocol/syncml/encoders.js';
import type { MessageEncoder } from '../../../protocol/syncml/encoders.js';
import type { SyncMLMessage } from '../../../protocol/syncml/model.js';
import { CliError, loadInput } from '../input/read-input.js';
import { describeDecodeError, runAction } from '../input/run-action.js';
import type { LoadedInput } from '../input/read-input.js';
import { openOutput, OutputClosedError, STREAM_MIN_BYTES } from '../output/fd-writer.js';

interface EncodeOptions {
  readonly to: SyncMLEncoding;
  readonly output?: string;
  readonly pretty?: boolean;
}

function encoderFor(
  options: EncodeOptions,
  onChunk: (chunk: string | Uint8Array) => void,
): MessageEncoder<unknown> {
  return options.to === 'wbxml'
    ? wbxmlEncoder(onChunk)
    : xmlEncoder(onChunk, { pretty: options.pretty ?? false });
}

/**
 * Decodes the input; for large inputs also encodes it with the output discarded, to find
 * every error before writing. Returns the message when it must be encoded from the model
 * (small inputs, or a shape that cannot be streamed); undefined when it can be streamed.
 */
function decodeInput(input: LoadedInput, options: EncodeOptions): SyncMLMessage | undefined {
  const onWarning = (w: { offset: number; message: string }): void =>
    void process.stderr.write(
      `cimo encode: ${input.name}: warning at offset ${w.offset}: ${w.message}\n`,
    );
  try {
    if (input.bytes.length < STREAM_MIN_BYTES) {
      return decodeMessage(input.bytes, { onWarning }).message;
    }
    const enc = encoderFor(options, () => undefined);
    const r = streamMessage(input.bytes, enc.writer, { onWarning });
    if (!r.streamed) return r.message;
    enc.finish();
    return undefined;
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    throw new CliError(`${input.name}: ${describeDecodeError(e)}`);
  }
}

async function encodeAction(file: string, options: EncodeOptions): Promise<void> {
  const input = await loadInput(file);
  if (options.output === undefined && options.to === 'wbxml' && process.stdout.isTTY) {
    throw new CliError('refusing to write binary WBXML to a terminal; use -o FILE or a pipe');
  }
  const message = decodeInput(input, options);
  if (message === undefined) return streamOut(input, options);
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

/** Second pass of a large input: decodes it again, writing the encoding out in chunks. */
function streamOut(input: LoadedInput, options: EncodeOptions): void {
  const where = options.output ?? 'stdout';
  let out: ReturnType<typeof openOutput>;
  try {
    out = openOutput(options.output);
  } catch (e) {
    throw new CliError(`cannot write ${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const enc = encoderFor(options, out.write);
    streamMessage(input.bytes, enc.writer);
    enc.finish();
    out.close();
  } catch (e) {
    out.close();
    if (e instanceof OutputClosedError) return;
    if (options.output !== undefined) unlinkSync(options.output);
    throw new CliError(`cannot write ${where}: ${e instanceof Error ? e.message : String(e)}`);
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
