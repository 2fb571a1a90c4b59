import { stat } from 'node:fs/promises';
import { createHandset } from './create.js';
import type { CreateHandsetOptions } from './create.js';
import { Handset } from './handset.js';
import type { HandsetOptions } from './handset.js';
import { handsetPaths } from './paths.js';

/**
 * Opens the handset in `options.dir`, creating it first with `create` when the directory
 * has no `identity.json` yet (what `cimo-handset start --data DIR` does for each handset).
 * An existing handset keeps its identity and data: `create` is then ignored.
 */
export async function openOrCreateHandset(
  options: HandsetOptions,
  create: CreateHandsetOptions = {},
): Promise<Handset> {
  const exists = await stat(handsetPaths(options.dir).identity).then(
    () => true,
    () => false,
  );
  if (!exists) await createHandset(options.dir, create);
  return Handset.open(options);
}
