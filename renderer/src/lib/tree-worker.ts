/**
 * The Worker that fetches a handset's tree for the tree browser in the web shell: the
 * ~1 MB reply is received, parsed, checked and decoded ({@link decodeTree}) here, off the
 * page's main thread, which gets the parsed tree and the decoded typed arrays
 * (transferred). The request is the web client's (renderer/src/api/client.ts): a POST
 * to the web shell with the page's token.
 */
import type { IpcResult, PackedTree } from '../../../main/ipc/contract.js';
import { decodeTree } from './tree-pack.js';
import type { DecodedTree } from './tree-pack.js';

/** What the page asks. */
export interface TreeWorkerRequest {
  readonly id: number;
  readonly token: string;
  readonly handsetId: string;
  readonly refresh: boolean;
}

/** What the Worker answers: the reply, and what it decoded of it or why it could not. */
export interface TreeWorkerReply {
  readonly id: number;
  readonly result: IpcResult<PackedTree>;
  readonly decoded?: DecodedTree;
  /** The tree broke an invariant: the page reports it (PackedTreeError). */
  readonly bad?: string;
  /** How long the request took, from its resource timing (ms), if known. */
  readonly requestMs?: number;
}

interface WorkerScope {
  onmessage: ((e: { data: TreeWorkerRequest }) => void) | null;
  postMessage(message: TreeWorkerReply, transfer: ArrayBuffer[]): void;
}
const scope = self as unknown as WorkerScope;

async function fetchTree(q: TreeWorkerRequest): Promise<IpcResult<PackedTree>> {
  try {
    const res = await fetch('/api/invoke/handset:get-tree', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cimo-token': q.token },
      body: JSON.stringify(
        q.refresh ? { handsetId: q.handsetId, refresh: true } : { handsetId: q.handsetId },
      ),
    });
    if (!res.ok)
      return {
        ok: false,
        error: { name: 'HttpError', code: `http-${res.status}`, message: await res.text() },
      };
    return (await res.json()) as IpcResult<PackedTree>;
  } catch (e) {
    return { ok: false, error: { name: 'NetworkError', code: 'unreachable', message: String(e) } };
  }
}

/** The duration of the last request for the tree, from the Worker's resource timing. */
function requestMs(): { requestMs?: number } {
  const e = performance.getEntriesByType('resource').filter((x) => x.name.endsWith('get-tree'));
  const last = e[e.length - 1];
  // Only the latest is wanted; the buffer would fill after 250 and keep the old ones.
  performance.clearResourceTimings();
  return last === undefined ? {} : { requestMs: last.duration };
}

scope.onmessage = (e) => {
  const q = e.data;
  void fetchTree(q).then((result) => {
    const timing = requestMs();
    if (!result.ok) return scope.postMessage({ id: q.id, result, ...timing }, []);
    let decoded: DecodedTree;
    try {
      decoded = decodeTree(result.value);
    } catch (err) {
      const bad = String((err as Error).message);
      return scope.postMessage({ id: q.id, result, bad, ...timing }, []);
    }
    scope.postMessage({ id: q.id, result, decoded, ...timing }, [
      decoded.parents.buffer as ArrayBuffer,
      decoded.firstChild.buffer as ArrayBuffer,
      decoded.nextSibling.buffer as ArrayBuffer,
      decoded.valueStart.buffer as ArrayBuffer,
    ]);
  });
};
