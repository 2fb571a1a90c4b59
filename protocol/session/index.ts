/**
 * OMA DM 1.2 sessions in both roles as pure state machines (package in, package out,
 * injected clock): the handset's {@link ClientSession} and the console's
 * {@link ServerSession}, over any {@link DmTransport}.
 */
export {
  DmAuthError,
  DmProtocolError,
  DmStatusError,
  DmTimeoutError,
  isDmStatusError,
} from './errors.js';
export type { DmProtocolViolation } from './errors.js';
export { memoryTransport, withTimeout } from './transport.js';
export type { DmHeaders, DmPackage, DmPackageHandler, DmTransport } from './transport.js';
export type { DmAccount, DmAuthType } from './auth-state.js';
export { DEFAULT_MAX_MSG_SIZE, DEFAULT_MAX_OBJ_SIZE } from './session-core.js';
export { ClientSession } from './client/client-session.js';
export type { ClientSessionEvent, ClientSessionOptions } from './client/client-session.js';
export { ExecutorRegistry, GenericAlertQueue } from './client/executor.js';
export type { ExecRequest, Executor, GenericAlert } from './client/executor.js';
export type { UiAlertRequest, UiAnswer, UiHandler } from './client/ui-alert.js';
export { ServerSession } from './server/server-session.js';
export type { ServerSessionEvent, ServerSessionOptions } from './server/server-session.js';
export type { AlertItem } from './server/inbox.js';
export type {
  CommandOutcome,
  ContainerOutcome,
  DmCommandSpec,
  ResultItem,
} from './server/command-queue.js';
export { clientHandler, runClient } from './drive.js';
