import { operationAlert } from './operation-runner.js';
import type { DeviceState } from './device-state.js';
import { FAILURE_CODE } from './operations.js';
import { bindingFor } from './device-tree.js';
import type { Persona } from './persona.js';

/**
 * Restart after a crash: an operation still `running` in the state file was cut short.
 * It becomes `failed` with its operation's failure code (1405 for Wipe and FactoryReset,
 * 1402/1403/1404 for the locks, 1410 Retrieve, 1420 Uninstall) and its OperationComplete
 * Generic Alert is queued — also for an Exec that had no Correlator, since the console
 * never got that one's status either. The store itself needs nothing: an interrupted
 * wipe can simply be run again (HandsetStore contract).
 */
export function recoverInterrupted(
  state: DeviceState,
  persona: Persona,
  log?: (line: string) => void,
): DeviceState {
  const op = state.lastOperation;
  if (op.status !== 'running') return state;
  const code = FAILURE_CODE[op.name] ?? 1400;
  log?.(`${op.name} was interrupted (the handset stopped while it ran): failed with ${code}`);
  const uri = bindingFor(persona).operationUri(op.name) ?? `${persona.moUri}/Operations/${op.name}`;
  const alert = operationAlert(
    persona,
    { uri, ...(op.correlator === '' ? {} : { correlator: op.correlator }) },
    code,
  );
  return {
    ...state,
    lastOperation: { ...op, status: 'failed', resultCode: code },
    alerts: [...state.alerts, alert],
  };
}
