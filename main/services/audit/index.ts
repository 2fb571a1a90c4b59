/** The console's audit log: append-only, hash-chained, sealed by a head file. */
export { AuditLog } from './audit-log.js';
export type { AuditLogOptions } from './audit-log.js';
export { AuditReader, hasAuditLog } from './read-only.js';
export { auditCsv, auditJson, csvCell, CSV_COLUMNS } from './export.js';
export type { AuditVerifyOk, AuditVerifyReport } from './verify-chain.js';
export { DB_FILE as AUDIT_DB_FILE } from './audit-db.js';
export { HEAD_FILE as AUDIT_HEAD_FILE } from './head-file.js';
export type { AuditHead } from './head-file.js';
export {
  AuditStateError,
  AuditVerifyError,
  isAuditStateError,
  isAuditVerifyError,
} from './errors.js';
export type { AuditStateCode, AuditVerifyCode } from './errors.js';
export type * from './types.js';
