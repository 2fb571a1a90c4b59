/** The DM management tree: nodes, properties, URIs, ACLs, DDF and TNDS. */
export { DmStatus, DmStatusError, isDmStatusError } from './dm-status-error.js';
export type { DmStatusCode } from './dm-status-error.js';
export { DM_FORMATS, DEFAULT_LEAF_FORMAT, DEFAULT_LEAF_TYPE, isDmFormat } from './format.js';
export type { DmFormat } from './format.js';
export {
  DEFAULT_URI_LIMITS,
  assertNodeName,
  childSegments,
  formatUri,
  isValidNodeName,
  parseUri,
} from './uri.js';
export type { DmUri, UriLimits } from './uri.js';
export {
  ACL_COMMANDS,
  AclError,
  aclAllows,
  explainAcl,
  formatAcl,
  isAclCommand,
  isEmptyAcl,
  isValidAcl,
  parseAcl,
} from './acl.js';
export type { Acl, AclCommand, AclErrorReason } from './acl.js';
export { aclForCreatedNode, checkAcl, effectiveAcl, requireAccess } from './acl-check.js';
export type { AccessRequest, EffectiveAcl } from './acl-check.js';
export { DM_PROPERTIES } from './dm-node.js';
export type { DmGetResult, DmNodeInfo, DmNodeInit, DmProperty, DmReplaceMeta } from './dm-node.js';
export { DEFAULT_ROOT_ACL, DmTree, MAX_TITLE_BYTES } from './dm-tree.js';
export type { DmTreeOptions, NodeRef } from './dm-tree.js';
export { formatTStamp, leafText, textValue } from './value.js';
export { DDF_ACCESS_TYPES, findDdfNode, parseDdf, walkDdf } from './ddf.js';
export type { DdfAccessType, DdfDocument, DdfNode, DdfOccurrence, DdfType } from './ddf.js';
export { instantiateTree } from './ddf-instantiate.js';
export type { InstantiateOptions } from './ddf-instantiate.js';
export { DMDDF_NS } from './dmddf-xml.js';
export {
  ALL_TNDS_PROPERTIES,
  TNDS_PROPERTIES,
  formatTndsList,
  parseTndsList,
} from './tnds-select.js';
export type { TndsProperty, TndsSelection } from './tnds-select.js';
export { tndsFromElement, tndsToElement } from './tnds.js';
export type { TndsDocument, TndsNode, TndsWire } from './tnds.js';
export {
  TNDS_WBXML_TYPE,
  TNDS_XML_TYPE,
  addTnds,
  decodeTndsElement,
  decodeTndsWbxml,
  decodeTndsXml,
  encodeTndsWbxml,
  encodeTndsXml,
  tndsFromTree,
} from './tnds-tree.js';
export { replaceTnds } from './tnds-tree.js';
export { listStruct } from './struct.js';
export type { StructItem, StructList } from './struct.js';
