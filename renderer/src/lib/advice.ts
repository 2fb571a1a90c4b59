/**
 * Errors in words that say what to do next — for connection failures, operation
 * failures and refused requests.
 */
import type { IpcError, OperationSummary } from '../../../main/ipc/contract.js';
import { OPERATION_LABEL } from './operation-plan.js';
import { resultText } from './codes.js';

/** What the operator should do about an operation that did not succeed, or undefined. */
export function operationAdvice(op: OperationSummary): string | undefined {
  const label = OPERATION_LABEL[op.operation];
  switch (op.status) {
    case 'interrupted':
      return `${label} was interrupted${op.error === undefined ? '' : ` at “${op.error.step}”: ${op.error.message}`}. Reconnect the handset: the console reads its LastOperation and records what really happened. Do not start ${label.toLowerCase()} again until then.`;
    case 'failed': {
      const why =
        op.error !== undefined
          ? `${op.error.step}: ${op.error.message}`
          : op.resultCode !== undefined
            ? `${op.resultCode} ${op.resultText ?? resultText(op.resultCode)}`
            : 'no reason given';
      if (op.resultCode === 1401) {
        return `${label} was refused by the owner (1401). Ask the customer to accept on the handset, then try again.`;
      }
      return `${label} failed (${why}). Check the cable and that the handset is switched on and unlocked, then try again.`;
    }
    case 'cancelled':
      return `${label} was cancelled. Nothing more will be sent for it.`;
    default:
      return undefined;
  }
}

/** A refused request in words with the next step. */
export function ipcErrorAdvice(e: IpcError): string {
  switch (e.code) {
    case 'interlock':
      return `Stopped: ${e.message}.`;
    case 'not-ready':
      return `${e.message}. Wait until the handset shows Ready on the bench, then try again.`;
    case 'not-available':
      return `${e.message}. This console does not offer it.`;
    case 'unreachable':
      return 'The console is not answering. Check that it is still running, then reload this page.';
    case 'invalid-arguments':
      return `The console refused the request (${e.message}).`;
    case 'not-found':
      return `${e.message}. The handset may have been unplugged; check the bench.`;
    default:
      return dmAdvice(e) ?? e.message;
  }
}

/** DM layer failures (codes `dm-status-NNN`, `dm-auth-NNN`, `dm-protocol`), in words. */
function dmAdvice(e: IpcError): string | undefined {
  const status = /^dm-status-(\d{3,4})$/.exec(e.code)?.[1];
  if (status !== undefined) {
    const why: Record<string, string> = {
      '401': 'the handset did not accept the console’s credentials for this node',
      '403': 'the node’s access rights (ACL) do not allow this',
      '404': 'the handset has no such node',
      '405': 'the handset does not allow this command on this node',
      '406': 'the handset does not support this (optional feature)',
      '413': 'the value is too large for the handset',
      '415': 'the handset does not accept this format or type',
      '418': 'the node already exists',
      '500': 'the handset failed while doing it',
    };
    return `The handset answered ${status}: ${why[status] ?? 'the command was not carried out'} (${e.message}).`;
  }
  if (e.code.startsWith('dm-auth'))
    return `The handset refused the console’s DM account (${e.message}). Check the handset’s server id and passwords in Settings.`;
  if (e.code === 'dm-protocol')
    return `The DM session broke off (${e.message}). Look at the protocol trace, then try again.`;
  return undefined;
}
