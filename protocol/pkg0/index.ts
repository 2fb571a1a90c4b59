/** Package #0 (server-alerted notification): encode, decode, verify, session id text. */
export type { DecodedPkg0, Pkg0Credentials, Pkg0Fields, Pkg0Warning } from './pkg0.js';
export {
  Initiator,
  PKG0_ACCEPTED_VERSIONS,
  PKG0_DEFAULT_VERSION,
  PKG0_DIGEST_LENGTH,
  PKG0_FIXED_LENGTH,
  PKG0_VERSION_11,
  UiMode,
} from './pkg0.js';
export type { Pkg0Input } from './encode.js';
export { encodePkg0 } from './encode.js';
export type { DecodePkg0Options } from './decode.js';
export { decodePkg0 } from './decode.js';
export type { Pkg0VerifyResult } from './digest.js';
export { computePkg0Digest, verifyPkg0, verifyPkg0WithResync } from './digest.js';
export { sessionIdFromHex, sessionIdToHex } from './session-id.js';
