/**
 * The stronger confirmation of a factory reset, checked by the console and not only by
 * the screen that asks for it: a request arriving over IPC (the desktop app, the web
 * shell) must name exactly one handset and carry the last four digits of its IMEI, as the
 * operator typed them. A renderer bug or a replayed request can then never reset a
 * handset nobody confirmed. (The CLI asks on the terminal or takes `--yes`; it calls the
 * runner directly.)
 */
import type { HandsetRegistry } from '../handsets/registry.js';
import { OperationError } from './errors.js';

/** What the check reads of an `operations:start` request. */
export interface ConfirmationRequest {
  readonly handsetIds: readonly string[];
  readonly operation: string;
  readonly confirmation?: string | undefined;
}

/** Throws `OperationError('not-confirmed')` when a factory reset is not confirmed. */
export function checkConfirmation(registry: HandsetRegistry, r: ConfirmationRequest): void {
  if (r.operation !== 'factory-reset') return;
  const ids = [...new Set(r.handsetIds)];
  if (ids.length !== 1)
    throw new OperationError(
      'not-confirmed',
      'a factory reset is confirmed one handset at a time (with the last four digits of its IMEI)',
    );
  const imei = registry.get(ids[0] as string).imei;
  if (imei === undefined || imei.length < 4)
    throw new OperationError(
      'not-confirmed',
      `${ids[0] ?? ''} has no IMEI to confirm a factory reset with`,
    );
  if (r.confirmation?.trim() !== imei.slice(-4))
    throw new OperationError(
      'not-confirmed',
      `factory reset of ${imei} not confirmed: type the last four digits of its IMEI`,
    );
}
