/**
 * Identifiers of the lock-and-wipe MOs the console drives (CIMO-MO.md "Identity",
 * PROTOCOL-FACTS §7.1).
 */
export const MoId = {
  /** CIMO 1.0: the root node's Type. */
  CIMO: 'urn:oma:mo:oma-cimo:1.0',
  /** OMA LAWMO 1.0: the root node's Type. */
  LAWMO: 'urn:oma:mo:oma-lawmo:1.0',
} as const;

/** One of {@link MoId}. */
export type MoIdValue = (typeof MoId)[keyof typeof MoId];

/**
 * Meta Type of the Generic Alert (1226) that reports an asynchronous operation's result;
 * the alert's Data is the result code, its Item Source the Exec'd node, its Correlator the
 * Exec's Correlator.
 */
export const AlertType = {
  /** CIMO 1.0 (CIMO-MO.md "Operation semantics"). */
  CIMO_OPERATION_COMPLETE: 'urn:oma:at:cimo:1.0:OperationComplete',
  /** LAWMO 1.0 (PROTOCOL-FACTS §7.1). */
  LAWMO_OPERATION_COMPLETE: 'urn:oma:at:lawmo:1.0:OperationComplete',
} as const;

/** Default locations tried, in order, before a Struct walk (CIMO-MO.md "Identity"). */
export const DEFAULT_MO_LOCATIONS: Readonly<Record<MoIdValue, readonly string[]>> = {
  [MoId.CIMO]: ['./CIMO', './ManagedObjects/CIMO'],
  [MoId.LAWMO]: ['./LAWMO', './ManagedObjects/LAWMO'],
};

/** Generic Alert code carrying asynchronous results (PROTOCOL-FACTS §1.8). */
export const GENERIC_ALERT = 1226;
