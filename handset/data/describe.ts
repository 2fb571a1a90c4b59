/** A summary of a handset's data for a `status` command. */
import type { HandsetStore, InfoItemSpec, ItemStats } from './types.js';

/** Per-item stats and the installed apps. */
export interface StoreDescription {
  readonly root: string;
  readonly items: readonly (InfoItemSpec & ItemStats)[];
  readonly apps: { readonly total: number; readonly removable: number; readonly dataBytes: number };
  /** Sum of the items' bytes. */
  readonly totalBytes: number;
}

/** Reads every item's stats and the app list. */
export async function describeStore(store: HandsetStore): Promise<StoreDescription> {
  const items = [];
  let totalBytes = 0;
  for (const spec of store.items()) {
    const st = await store.stats(spec.id);
    items.push({ ...spec, ...st });
    totalBytes += st.byteSize;
  }
  const apps = await store.apps();
  return {
    root: store.root,
    items,
    apps: {
      total: apps.length,
      removable: apps.filter((a) => a.removable).length,
      dataBytes: apps.reduce((n, a) => n + a.dataBytes, 0),
    },
    totalBytes,
  };
}

/** `describeStore` as a plain-text table (one line per item, then the apps). */
export function formatDescription(d: StoreDescription): string {
  const rows = d.items.map(
    (i) =>
      `${i.id.padEnd(14)} ${i.location.padEnd(6)} ${String(i.itemCount).padStart(7)} ${String(i.byteSize).padStart(12)}  ${i.format}`,
  );
  return (
    [
      `data: ${d.root}`,
      `${'item'.padEnd(14)} ${'where'.padEnd(6)} ${'count'.padStart(7)} ${'bytes'.padStart(12)}  format`,
      ...rows,
      `apps: ${d.apps.total} (${d.apps.removable} removable), ${d.apps.dataBytes} bytes of app data; total ${d.totalBytes} bytes`,
    ].join('\n') + '\n'
  );
}
