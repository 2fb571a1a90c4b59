/**
 * SyncML status codes used by OMA DM 1.2 (SyncML RepPro 1.2 §10 numbering; DM usage from
 * OMA-TS-DM_Protocol-V1_2 and OMA-TS-DM_RepPro-V1_2 — PROTOCOL-FACTS §1.9). A Status
 * element's `Data` carries the code.
 */
export const StatusCode = {
  /** 101 In progress. */
  InProgress: 101,
  /** 200 OK: the command completed. */
  Ok: 200,
  /** 202 Accepted for processing; the result comes later (async Exec, Generic Alert 1226). */
  Accepted: 202,
  /** 212 Authentication accepted; no more credentials needed in this session. */
  AuthenticationAccepted: 212,
  /** 213 Chunked item accepted and buffered (large objects, §1.7). */
  ChunkedItemAccepted: 213,
  /** 214 Operation cancelled (user cancelled a UI alert). */
  OperationCancelled: 214,
  /** 215 Not executed (user aborted, or skipped after an aborted Sequence). */
  NotExecuted: 215,
  /** 216 Atomic roll back OK. */
  AtomicRollBackOk: 216,
  /** 304 Not modified; the "No" answer to alert 1101. */
  NotModified: 304,
  /** 400 Bad request: syntax or semantics wrong. */
  BadRequest: 400,
  /** 401 Invalid credentials; carries a Chal. */
  InvalidCredentials: 401,
  /** 403 Forbidden. */
  Forbidden: 403,
  /** 404 Not found. */
  NotFound: 404,
  /** 405 Command not allowed (e.g. on a permanent node). */
  CommandNotAllowed: 405,
  /** 406 Optional feature not supported. */
  OptionalFeatureNotSupported: 406,
  /** 407 Missing credentials; carries a Chal. */
  MissingCredentials: 407,
  /** 408 Request timeout (UI alert MAXDT expired). */
  RequestTimeout: 408,
  /** 412 Incomplete command. */
  IncompleteCommand: 412,
  /** 413 Request entity too large. */
  RequestEntityTooLarge: 413,
  /** 414 URI too long. */
  UriTooLong: 414,
  /** 415 Unsupported media type or format. */
  UnsupportedMediaType: 415,
  /** 416 Requested range not satisfiable (UI alert cannot be shown). */
  RequestedRangeNotSatisfiable: 416,
  /** 418 Already exists. */
  AlreadyExists: 418,
  /** 420 Device full. */
  DeviceFull: 420,
  /** 424 Size mismatch (reassembled large object ≠ Meta Size). */
  SizeMismatch: 424,
  /** 425 Permission denied by the node's ACL. */
  PermissionDenied: 425,
  /** 500 Command failed. */
  CommandFailed: 500,
  /** 501 Command not implemented. */
  CommandNotImplemented: 501,
  /** 506 Session internal error (libdmclient). */
  SessionInternalError: 506,
  /** 507 Atomic failed. */
  AtomicFailed: 507,
  /** 510 Data store failure. */
  DataStoreFailure: 510,
  /** 516 Atomic roll back failed. */
  AtomicRollBackFailed: 516,
  /** 517 Atomic response too large to fit in one message. */
  AtomicResponseTooLarge: 517,
} as const;

/** One of the known status codes. */
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

const DESCRIPTIONS: ReadonlyMap<number, string> = new Map([
  [101, 'In progress'],
  [200, 'OK'],
  [202, 'Accepted for processing'],
  [212, 'Authentication accepted'],
  [213, 'Chunked item accepted and buffered'],
  [214, 'Operation cancelled'],
  [215, 'Not executed'],
  [216, 'Atomic roll back OK'],
  [304, 'Not modified'],
  [400, 'Bad request'],
  [401, 'Invalid credentials'],
  [403, 'Forbidden'],
  [404, 'Not found'],
  [405, 'Command not allowed'],
  [406, 'Optional feature not supported'],
  [407, 'Missing credentials'],
  [408, 'Request timeout'],
  [412, 'Incomplete command'],
  [413, 'Request entity too large'],
  [414, 'URI too long'],
  [415, 'Unsupported media type or format'],
  [416, 'Requested range not satisfiable'],
  [418, 'Already exists'],
  [420, 'Device full'],
  [424, 'Size mismatch'],
  [425, 'Permission denied'],
  [500, 'Command failed'],
  [501, 'Command not implemented'],
  [506, 'Session internal error'],
  [507, 'Atomic failed'],
  [510, 'Data store failure'],
  [516, 'Atomic roll back failed'],
  [517, 'Atomic response too large to fit'],
]);

/**
 * A one-line English meaning for `code`, e.g. `404 Not found`. Unknown codes are described
 * by their class (1xx informational, 2xx success, 3xx redirection, 4xx originator
 * error, 5xx recipient error).
 */
export function describeStatus(code: number): string {
  const known = DESCRIPTIONS.get(code);
  if (known !== undefined) return `${code} ${known}`;
  const cls = Math.floor(code / 100);
  const classes = [
    '',
    'informational',
    'success',
    'redirection',
    'originator error',
    'recipient error',
  ];
  return `${code} ${classes[cls] ?? 'unknown'} (unlisted code)`;
}

/** True for 2xx codes (the command, or part of it, succeeded). */
export function isSuccessStatus(code: number): boolean {
  return code >= 200 && code < 300;
}
