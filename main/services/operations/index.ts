/** The console's operation runner: queues, interlocks, consent, progress, verification, audit. */
export { OperationRunner } from './runner.js';
export type { RunnerOptions } from './runner.js';
export { OperationError } from './errors.js';
export type { OperationErrorCode } from './errors.js';
export type { OperationRequest } from './operation.js';
export { planOperation } from './plan.js';
export type { OperationPlan } from './plan.js';
export { UploadReceiver } from './upload-receiver.js';
export { recoverInterrupted } from './recovery.js';
export { readLastOperation } from './wait-result.js';
