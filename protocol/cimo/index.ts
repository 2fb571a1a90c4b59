/**
 * The CIMO (and LAWMO) management objects: identifiers, typed paths, state values,
 * result codes, MO discovery and the retrieval manifest. The trees themselves are the
 * DDF files `cimo.ddf` and `lawmo.ddf` beside this module (read by Node callers, parsed
 * with `parseCimoDdf` / `parseLawmoDdf`).
 */
export { AlertType, DEFAULT_MO_LOCATIONS, GENERIC_ALERT, MoId } from './ids.js';
export type { MoIdValue } from './ids.js';
export { CimoState, describeCimoState, parseCimoState } from './state.js';
export type { CimoStateValue } from './state.js';
export {
  CIMO_RESULT_MEANINGS,
  CimoResult,
  describeCimoResult,
  isCimoSuccess,
} from './result-codes.js';
export type { CimoResultCode } from './result-codes.js';
export {
  CIMO_APP_LEAVES,
  CIMO_CONFIG_LEAVES,
  CIMO_INFO_LEAVES,
  CIMO_LAST_OPERATION_LEAVES,
  CIMO_OPERATIONS,
  LAWMO_OPERATIONS,
  cimoPaths,
  lawmoPaths,
} from './paths.js';
export type { CimoOperation, CimoPaths, LawmoOperation, LawmoPaths } from './paths.js';
export { parseCimoDdf, parseLawmoDdf, parseMoDdf } from './mo-ddf.js';
export { findMo, localReader } from './find-mo.js';
export type { FindMoOptions, MoTreeReader } from './find-mo.js';
export {
  buildManifest,
  checkRetrievedObject,
  manifestToElement,
  parseManifest,
  sha256Hex,
} from './manifest.js';
export type { ObjectCheck, RetrievalManifest, RetrievalObject } from './manifest.js';
