import { DmTree } from '../tree/dm-tree.js';
import { isDmStatusError } from '../tree/dm-status-error.js';
import { formatUri, parseUri } from '../tree/uri.js';
import { DEFAULT_MO_LOCATIONS } from './ids.js';

/**
 * What `findMo` needs to look at a device tree — locally or over a DM session
 * (`Get <uri>?prop=Type`, `Get <uri>`, `Get <uri>?list=Struct`).
 */
export interface MoTreeReader {
  /** The node's Type property; undefined when the node does not exist (404) or has none. */
  getType(uri: string): Promise<string | undefined>;
  /** Child names of an interior node; `[]` for a leaf or a missing node. */
  listChildren(uri: string): Promise<readonly string[]>;
  /**
   * Optional: every node below `uri` (pre-order, start included) with its Type, as one
   * `?list=Struct` Get gives them. When present it replaces the child-by-child walk.
   */
  struct?(uri: string): Promise<ReadonlyArray<{ readonly uri: string; readonly type?: string }>>;
}

/** Options for {@link findMo}. */
export interface FindMoOptions {
  /** URIs tried first, in order; default `./CIMO`, `./ManagedObjects/CIMO` (or the LAWMO twins). */
  readonly candidates?: readonly string[];
  /** Most nodes the fallback walk visits (a hostile or huge tree must not stall us). Default 5000. */
  readonly maxNodes?: number;
}

/**
 * Finds the MO whose root Type is `moId` (CIMO-MO.md "Identity"): the candidate URIs
 * first, then a pre-order walk from `.`. Returns the canonical URI of the first match, or
 * undefined. A `DmTree` is read directly; anything else through {@link MoTreeReader}.
 */
export async function findMo(
  source: DmTree | MoTreeReader,
  moId: string,
  options: FindMoOptions = {},
): Promise<string | undefined> {
  const reader = source instanceof DmTree ? localReader(source) : source;
  const candidates =
    options.candidates ??
    (DEFAULT_MO_LOCATIONS as Readonly<Record<string, readonly string[]>>)[moId] ??
    [];
  for (const c of candidates) {
    if ((await reader.getType(c)) === moId) return canonical(c);
  }
  const maxNodes = options.maxNodes ?? 5000;
  if (reader.struct !== undefined) {
    const nodes = await reader.struct('.');
    for (const n of nodes.slice(0, maxNodes)) if (n.type === moId) return canonical(n.uri);
    return undefined;
  }
  // Breadth-first keeps the typical ./Vendor/X/MO shallow matches cheap to reach.
  const queue: string[][] = [[]];
  let visited = 0;
  while (queue.length > 0 && visited < maxNodes) {
    const segs = queue.shift() as string[];
    const uri = formatUri(segs);
    visited++;
    if (segs.length > 0 && (await reader.getType(uri)) === moId) return uri;
    for (const name of await reader.listChildren(uri)) queue.push([...segs, name]);
  }
  return undefined;
}

/** A {@link MoTreeReader} over a local tree (what the handset and the tests use). */
export function localReader(tree: DmTree): MoTreeReader {
  const guard = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      if (isDmStatusError(e)) return fallback;
      throw e;
    }
  };
  return {
    getType: (uri) => Promise.resolve(guard(() => tree.info(uri).type, undefined)),
    listChildren: (uri) => Promise.resolve(guard(() => tree.info(uri).children ?? [], [])),
  };
}

function canonical(uri: string): string {
  return formatUri(parseUri(uri, { maxDepth: 0, maxTotLen: 0, maxSegLen: 0 }).segments);
}
