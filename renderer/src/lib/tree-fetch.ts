/**
 * Reading a handset's tree for the tree browser. In the web shell a Worker
 * (tree-worker.ts) sends the request and receives, parses, checks and decodes the ~1 MB
 * reply off the main thread, which then only builds the model of what it shows; in
 * Electron (the preload's API, no fetch) and if the Worker cannot start, the page's own
 * API call does it all.
 */
import type { PackedTree } from '../../../main/ipc/contract.js';
import { webShellToken } from '../api/client.js';
import { call } from '../components/use-invoke.js';
import { ipcErrorAdvice } from './advice.js';
import { useAppStore } from '../store/store.js';
import type { DecodedTree } from './tree-pack.js';
import type { TreeWorkerReply, TreeWorkerRequest } from './tree-worker.js';

/** A tree as read: the packed reply and, from the Worker, what it decoded of it. */
export interface FetchedTree {
  readonly packed: PackedTree;
  readonly decoded?: DecodedTree;
  /** The Worker found the tree malformed (the page reports a PackedTreeError). */
  readonly bad?: string;
}

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const waiting = new Map<number, (r: TreeWorkerReply | undefined) => void>();

/**
 * Starts the Worker (web shell only) ahead of the first request, so that request does
 * not wait for it to load: called when a handset's view opens.
 */
export function prepareTreeFetch(): void {
  if (worker !== undefined || broken || webShellToken() === undefined) return;
  try {
    worker = new Worker(new URL('./tree-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    broken = true;
    return;
  }
  worker.onmessage = (e: MessageEvent<TreeWorkerReply>) => {
    const done = waiting.get(e.data.id);
    waiting.delete(e.data.id);
    done?.(e.data);
  };
  // A Worker that fails to load (a CSP, a missing file) is not used again; the requests
  // it held are sent by the page itself.
  worker.onerror = () => {
    broken = true;
    worker?.terminate();
    worker = undefined;
    for (const done of waiting.values()) done(undefined);
    waiting.clear();
  };
}

/** Reads `handsetId`'s tree; undefined when the request failed (a notice says why). */
export async function fetchTree(
  handsetId: string,
  refresh: boolean,
): Promise<FetchedTree | undefined> {
  prepareTreeFetch();
  const token = webShellToken();
  const w = worker;
  if (w !== undefined && token !== undefined) {
    const id = nextId++;
    const reply = await new Promise<TreeWorkerReply | undefined>((resolve) => {
      waiting.set(id, resolve);
      const q: TreeWorkerRequest = { id, token, handsetId, refresh };
      w.postMessage(q);
    });
    if (reply !== undefined) {
      // The request's time where the page's own requests show theirs (DevTools, the UI
      // bench): a user-timing entry named for the channel, ending now.
      if (reply.requestMs !== undefined)
        performance.measure('handset:get-tree', {
          start: performance.now() - reply.requestMs,
          duration: reply.requestMs,
        });
      if (!reply.result.ok) {
        useAppStore.getState().notify('error', ipcErrorAdvice(reply.result.error));
        return undefined;
      }
      return {
        packed: reply.result.value,
        ...(reply.decoded === undefined ? {} : { decoded: reply.decoded }),
        ...(reply.bad === undefined ? {} : { bad: reply.bad }),
      };
    }
  }
  const packed = await call('handset:get-tree', refresh ? { handsetId, refresh } : { handsetId });
  return packed === undefined ? undefined : { packed };
}
