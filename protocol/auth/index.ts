/** SyncML DM authentication: basic, MD5 digest, HMAC header, nonces, credential types. */
export {
  AAuthType,
  CredentialType,
  aAuthTypeForCredentialType,
  credentialTypeForAAuthType,
  parseAAuthType,
  parseCredentialType,
} from './credential-types.js';
export type { BasicCredentials } from './basic.js';
export { buildBasicCredential, parseBasicCredential } from './basic.js';
export { buildMd5Credential, verifyMd5Credential } from './md5-digest.js';
export type { HmacInput } from './hmac.js';
export { computeHmac, signHmac, verifyHmac, verifyHmacHeader } from './hmac.js';
export type { HmacHeader } from './hmac-header.js';
export { HMAC_HEADER_NAME, formatHmacHeader, parseHmacHeader } from './hmac-header.js';
export type { RandomBytes } from './nonce.js';
export {
  DEFAULT_NONCE_LENGTH,
  RESYNC_NONCE_LENGTH,
  decodeNonce,
  encodeNonce,
  generateNonce,
  isResyncNonce,
  resyncNonce,
} from './nonce.js';
export { constantTimeEqual } from './constant-time.js';
export { credentialHash, md5Chain } from './md5.js';
