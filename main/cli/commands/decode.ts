/**
 * `cimo decode FILE|-`: shows a SyncML DM message (WBXML or XML) as pretty XML or JSON, or
 * a package #0 notification field by field, optionally checking its digest.
 *
 * Input may also be text holding the bytes as hex, a hex dump or base64 (pasted from
 * Wireshark or a log). Package #0 is tried when the input is neither XML nor WBXML (its
 * first digest byte can look like a WBXML version, so also when WBXML decoding fails), or
 * always with `--pkg0`. Warnings go to stderr; on a terminal a one-line summary does too.
 * Exit status: 0 decoded; 1 the package #0 digest check failed; 2 bad input or usage.
 *
 * Large messages (see `STREAM_MIN_BYTES`) are printed as XML while they are decoded,
 * without building the whole model or output: a first pass decodes the whole input and
 * discards the output, so any error (a `DecodeError` naming the offset, exit status 2) is
 * reported before anything reaches stdout; a second pass writes the XML in chunks, each
 * written out before decoding continues. Messages whose shape cannot be written in document
 * order (a command field after its Items, SyncHdr after SyncBody) are printed from the model
 * instead. `--json` and `--explain` always use the model.
 */
import type { Command } from 'commander';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import type { DecodeError } from '../../../protocol/bytes/decode-error.js';
import { fromHex } from '../../../protocol/bytes/hex.js';
import { decodeNonce, resyncNonce } from '../../../protocol/auth/nonce.js';
import { decodePkg0 } from '../../../protocol/pkg0/decode.js';
import { verifyPkg0WithResync } from '../../../protocol/pkg0/digest.js';
import type { DecodedPkg0 } from '../../../protocol/pkg0/pkg0.js';
import {
  decodeMessage,
  messageToJson,
  messageToXml,
  streamMessage,
} from '../../../protocol/syncml/codec.js';
import { xmlEncoder } from '../../../protocol/syncml/encoders.js';
import type { SyncMLMessage } from '../../../protocol/syncml/model.js';
import { isPlainText } from '../input/pasted-bytes.js';
import { CliError, loadInput } from '../input/read-input.js';
import type { LoadedInput } from '../input/read-input.js';
import { describeDecodeError, runAction } from '../input/run-action.js';
import { fdWriter, OutputClosedError, STREAM_MIN_BYTES } from '../output/fd-writer.js';
import { explainJson, explainXml } from '../render/explain.js';
import type { DigestCheck } from '../render/pkg0-report.js';
import { pkg0Json, pkg0Text } from '../render/pkg0-report.js';
import { summaryLine } from '../render/summary.js';

interface DecodeOptions {
  readonly json?: boolean;
  readonly explain?: boolean;
  readonly pkg0?: boolean;
  readonly serverId?: string;
  readonly serverPassword?: string;
  readonly nonce?: string;
}

interface Warning {
  readonly offset: number;
  readonly message: string;
}

function printWarnings(name: string, warnings: readonly Warning[]): void {
  for (const w of warnings) {
    process.stderr.write(`cimo decode: ${name}: warning at offset ${w.offset}: ${w.message}\n`);
  }
}

function parseNonceOption(text: string): Uint8Array {
  try {
    return /^hex:/i.test(text) ? fromHex(text.slice(4)) : decodeNonce(text);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    throw new CliError(`--nonce: ${e.message} (give base64, or hex:… for hex)`);
  }
}

function checkDigest(input: LoadedInput, p: DecodedPkg0, options: DecodeOptions): DigestCheck {
  if (options.serverPassword === undefined) {
    if (options.nonce !== undefined || options.serverId !== undefined) {
      throw new CliError('--server-password is needed to check the package #0 digest');
    }
    return 'unchecked';
  }
  const nonce = options.nonce === undefined ? resyncNonce() : parseNonceOption(options.nonce);
  const result = verifyPkg0WithResync(input.bytes, {
    serverId: options.serverId ?? p.serverId,
    serverPassword: options.serverPassword,
    nonce,
  });
  if (!result.ok) return 'failed';
  return result.nonce === 'stored' ? 'ok' : 'ok-resync';
}

function showPkg0(input: LoadedInput, options: DecodeOptions): void {
  const warnings: Warning[] = [];
  let p: DecodedPkg0;
  try {
    p = decodePkg0(input.bytes, { lenientVersion: true, onWarning: (w) => warnings.push(w) });
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    throw new CliError(`${input.name}: ${describeDecodeError(e)}`);
  }
  printWarnings(input.name, warnings);
  const check = checkDigest(input, p, options);
  const out = options.json
    ? JSON.stringify(pkg0Json(p, check), null, 2)
    : pkg0Text(p, input.bytes.length, check);
  process.stdout.write(`${out}\n`);
  if (check === 'failed') process.exitCode = 1;
}

/** True when `bytes` decode as a package #0 of a known version (used to pick the format). */
function looksLikePkg0(bytes: Uint8Array): DecodeError | true {
  try {
    decodePkg0(bytes);
    return true;
  } catch (e) {
    if (isDecodeError(e)) return e;
    throw e;
  }
}

interface Decoded {
  readonly message: SyncMLMessage;
  readonly encoding: 'xml' | 'wbxml';
  /** The pretty XML, when it was made while decoding (small inputs). */
  readonly xml?: string;
  /** The message can be written again by streaming (the items are not in `message`). */
  readonly streamed: boolean;
}

/**
 * Decodes the message. For XML output it is streamed into the XML writer at once: small
 * inputs keep the text, large ones discard it (this pass only checks the whole input, so
 * an error is reported before anything is printed).
 */
function decodeInput(input: LoadedInput, asXml: boolean, warnings: Warning[]): Decoded {
  const onWarning = (w: Warning): number => warnings.push(w);
  if (!asXml) return { ...decodeMessage(input.bytes, { onWarning }), streamed: false };
  const large = input.bytes.length >= STREAM_MIN_BYTES;
  const parts: string[] = [];
  const enc = xmlEncoder(large ? () => undefined : (text) => parts.push(text), { pretty: true });
  const r = streamMessage(input.bytes, enc.writer, { onWarning });
  if (!r.streamed) return { message: r.message, encoding: r.encoding, streamed: false };
  enc.finish();
  return large
    ? { message: r.message, encoding: r.encoding, streamed: true }
    : { message: r.message, encoding: r.encoding, streamed: true, xml: parts.join('') };
}

/** Prints the message as pretty XML, streaming it again when it was too large to keep. */
function printXml(input: LoadedInput, d: Decoded): void {
  const write = fdWriter(1);
  try {
    if (d.xml !== undefined) write(d.xml);
    else if (d.streamed) {
      // Same input, same decoder: this pass meets no error the first one did not.
      const enc = xmlEncoder(write, { pretty: true });
      streamMessage(input.bytes, enc.writer);
      enc.finish();
    } else {
      let xml: string;
      try {
        xml = messageToXml(d.message, { pretty: true });
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        throw new CliError(`${input.name}: cannot show as XML: ${e.message}`);
      }
      write(xml);
    }
  } catch (e) {
    if (!(e instanceof OutputClosedError)) throw e;
  }
}

async function decodeAction(file: string, options: DecodeOptions): Promise<void> {
  const input = await loadInput(file);
  if (input.bytes.length === 0) throw new CliError(`${input.name}: empty input`);
  if (options.pkg0) return showPkg0(input, options);

  const warnings: Warning[] = [];
  const asXml = options.json !== true && options.explain !== true;
  let decoded: Decoded;
  try {
    decoded = decodeInput(input, asXml, warnings);
  } catch (e) {
    if (!isDecodeError(e)) throw e;
    const pkg0 = looksLikePkg0(input.bytes);
    if (pkg0 === true) return showPkg0(input, options);
    if (e.reason === 'unsupported' && e.format === 'syncml') {
      const what = isPlainText(input.bytes)
        ? 'text that is neither XML, hex nor base64'
        : `neither XML, WBXML nor a package #0 (as package #0: ${describeDecodeError(pkg0)})`;
      throw new CliError(`${input.name}: ${what}`);
    }
    printWarnings(input.name, warnings);
    throw new CliError(`${input.name}: ${describeDecodeError(e)}`);
  }
  printWarnings(input.name, warnings);
  const { message, encoding } = decoded;
  if (process.stderr.isTTY) {
    process.stderr.write(`${summaryLine(message, encoding, input.bytes.length, input.pasted)}\n`);
  }
  if (asXml) return printXml(input, decoded);
  let out: string;
  if (options.json) {
    const json = messageToJson(message);
    out = JSON.stringify(options.explain ? explainJson(json) : json, null, 2);
  } else {
    const xml = messageToXml(message, { pretty: true }).trimEnd();
    out = explainXml(xml);
  }
  process.stdout.write(`${out}\n`);
}

/** Adds `cimo decode` to `program`. */
export function register(program: Command): void {
  program
    .command('decode')
    .description('show a SyncML DM message (WBXML/XML) or a package #0 in readable form')
    .argument('<file>', 'input file, or - for stdin (hex, hex dumps and base64 text accepted)')
    .option('--json', 'print the decoded model as JSON instead of XML')
    .option('--explain', 'annotate Status and Alert codes with their meaning')
    .option('--pkg0', 'read the input as a package #0 notification')
    .option('--server-id <id>', 'package #0: server id for the digest (default: the one sent)')
    .option('--server-password <secret>', 'package #0: server password; checks the digest')
    .option('--nonce <nonce>', 'package #0: server nonce, base64 or hex:… (default 4 zero bytes)')
    .action(runAction('decode', decodeAction));
}
