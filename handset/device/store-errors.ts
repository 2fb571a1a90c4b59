/** Recognising the data stores' typed errors (`handset/data/types.ts`) across module copies. */

/** True for `AppNotRemovableError` (a system app: the uninstall result is 1421). */
export function isAppNotRemovable(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { appNotRemovable?: unknown }).appNotRemovable === true
  );
}
