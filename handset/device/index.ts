/**
 * The reference handset's device logic: identity, DM tree, persisted state, operations,
 * locks, retrieval, consent, crash recovery and its OBEX services. The `cimo-handset` CLI
 * adds the links (TCP, pty, serial, HTTP) in front of a {@link Handset}. See README.md.
 */
export { Handset } from './handset.js';
export type { HandsetOptions, HandsetStatus, NewSessionOptions } from './handset.js';
export { createHandset } from './create.js';
export type { CreateHandsetOptions } from './create.js';
export { openOrCreateHandset } from './open-or-create.js';
export { HandsetSession } from './handset-session.js';
export { isValidImei, luhnCheckDigit, loadIdentity, makeIdentity } from './identity.js';
export type { HandsetIdentity, IdentityOptions, ServerAccount } from './identity.js';
export { isPersonaName, PERSONA_NAMES, PERSONAS } from './persona.js';
export type { Persona, PersonaName } from './persona.js';
export { CONSENT_OPERATIONS } from './consent.js';
export type { AskOwner, ConsentPolicy } from './consent.js';
export { BUSY_STATUS, execStatusFor } from './operation-runner.js';
export { FAILURE_CODE } from './operations.js';
export { DEFAULT_CONFIG, initialState } from './device-state.js';
export type { DeviceState, LastOperationState, OperationStatus } from './device-state.js';
export { HandsetFileStore, HandsetFolderService, RETRIEVE_FOLDER } from './folder-view.js';
export { MANIFEST_FILE, retrievalFolderName } from './retrieval.js';
export { RetrieveUploadError, uploadRetrieval } from './retrieve-upload.js';
export type { UploadOptions } from './retrieve-upload.js';
export { handsetPaths } from './paths.js';
export type { HandsetPaths } from './paths.js';
export {
  HandsetClosedError,
  HandsetDirError,
  InjectedCrash,
  isHandsetDirError,
  isInjectedCrash,
  UnsupportedEncodingError,
} from './errors.js';
export { DMACC_ACCOUNT } from './device-tree.js';
