/**
 * Fuzzes the DM DDF parser on our MO descriptions and libwbxml's DDF vector, then
 * instantiates whatever parses (one top node) into a fresh tree: instantiation may refuse
 * with a DmStatusError or a DecodeError (bad base64 default), never crash.
 */
import { readFileSync } from 'node:fs';
import { isDecodeError } from '../../../protocol/bytes/decode-error.js';
import { parseDdf } from '../../../protocol/tree/ddf.js';
import { instantiateTree } from '../../../protocol/tree/ddf-instantiate.js';
import { DmTree } from '../../../protocol/tree/dm-tree.js';
import { isDmStatusError } from '../../../protocol/tree/dm-status-error.js';
import type { FuzzTarget } from '../target.js';

function seeds(): Uint8Array[] {
  return [
    new URL('../../../protocol/cimo/cimo.ddf', import.meta.url),
    new URL('../../../protocol/cimo/lawmo.ddf', import.meta.url),
    new URL('../../../../shared/vectors/libwbxml/ddf-001.ddf', import.meta.url),
  ].map((u) => new Uint8Array(readFileSync(u)));
}

function run(input: Uint8Array): void {
  const doc = parseDdf(input);
  if (doc.nodes.length !== 1) return;
  try {
    instantiateTree(doc, {
      tree: new DmTree(),
      at: './MO',
      instances: { '<x>': ['i'] },
      serverId: 's',
    });
  } catch (e) {
    if (isDmStatusError(e) || isDecodeError(e)) return;
    throw e;
  }
}

/** The DDF parser target. */
export const target: FuzzTarget = { name: 'ddf-parse', seeds, run };
