/**
 * Values of the `State` leaf, shared by CIMO and LAWMO (CIMO-MO.md tree; PROTOCOL-FACTS
 * §7.1 — LAWMO's numbering, which LwM2M object 8 does not share).
 */
export const CimoState = {
  FULLY_LOCKED: 10,
  PARTIALLY_LOCKED: 20,
  UNLOCKED: 30,
} as const;

/** One of {@link CimoState}. */
export type CimoStateValue = (typeof CimoState)[keyof typeof CimoState];

/** Parses a `State` leaf's text; undefined for anything but `10`, `20` or `30`. */
export function parseCimoState(text: string): CimoStateValue | undefined {
  const t = text.trim();
  if (t === '10') return CimoState.FULLY_LOCKED;
  if (t === '20') return CimoState.PARTIALLY_LOCKED;
  if (t === '30') return CimoState.UNLOCKED;
  return undefined;
}

/** Words for a state, for the UI and the audit log. */
export function describeCimoState(state: number): string {
  switch (state) {
    case CimoState.FULLY_LOCKED:
      return 'fully locked';
    case CimoState.PARTIALLY_LOCKED:
      return 'partially locked';
    case CimoState.UNLOCKED:
      return 'unlocked';
    default:
      return `unknown state ${state}`;
  }
}
