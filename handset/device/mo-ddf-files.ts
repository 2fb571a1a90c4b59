/**
 * The CIMO and LAWMO DDF files shipped beside `protocol/cimo` (copied into `dist/` by the
 * build), read once per process.
 */
import { readFileSync } from 'node:fs';
import { parseCimoDdf, parseLawmoDdf } from '../../protocol/cimo/mo-ddf.js';
import type { DdfNode } from '../../protocol/tree/index.js';

let cimo: DdfNode | undefined;
let lawmo: DdfNode | undefined;

function read(name: string): string {
  return readFileSync(new URL(`../../protocol/cimo/${name}`, import.meta.url), 'utf8');
}

/** The parsed `cimo.ddf` (its top node, a placeholder typed `urn:oma:mo:oma-cimo:1.0`). */
export function cimoDdf(): DdfNode {
  cimo ??= parseCimoDdf(read('cimo.ddf'));
  return cimo;
}

/** The parsed `lawmo.ddf`. */
export function lawmoDdf(): DdfNode {
  lawmo ??= parseLawmoDdf(read('lawmo.ddf'));
  return lawmo;
}
