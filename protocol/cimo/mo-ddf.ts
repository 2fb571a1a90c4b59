import { DecodeError } from '../bytes/decode-error.js';
import { parseDdf } from '../tree/ddf.js';
import type { DdfNode } from '../tree/ddf.js';
import { MoId } from './ids.js';

/**
 * Parses the text of `cimo.ddf` (shipped beside this module; Node callers read the file)
 * and returns the MO's top description. Fails with a DecodeError (format `'ddf'`) unless
 * the document has exactly one top node, a placeholder, whose DFType is DDFName
 * `urn:oma:mo:oma-cimo:1.0`.
 */
export function parseCimoDdf(text: string | Uint8Array): DdfNode {
  return parseMoDdf(text, MoId.CIMO);
}

/** Same as {@link parseCimoDdf} for `lawmo.ddf` (`urn:oma:mo:oma-lawmo:1.0`). */
export function parseLawmoDdf(text: string | Uint8Array): DdfNode {
  return parseMoDdf(text, MoId.LAWMO);
}

/** Parses a one-MO DDF and checks its root's MO identifier. */
export function parseMoDdf(text: string | Uint8Array, moId: string): DdfNode {
  const doc = parseDdf(text);
  const top = doc.nodes[0];
  if (doc.nodes.length !== 1 || top === undefined) {
    throw new DecodeError(0, 'bad-value', `expected one MO root, found ${doc.nodes.length}`, 'ddf');
  }
  if (!top.placeholder || top.type?.kind !== 'DDFName' || top.type.value !== moId) {
    throw new DecodeError(0, 'bad-value', `the DDF does not describe ${moId}`, 'ddf');
  }
  return top;
}
