/**
 * The UI bench's console side in a process of its own, as the console is in use: the
 * real web shell over the bench gateway (ui-gateway.ts) with its generated tree, and the
 * emitter of the bench grid's progress events. Playwright, Chromium's driver and the
 * bench's bookkeeping stay in the parent, so their garbage is not collected on the path
 * of the page's requests (in one process, a scavenge promoting Playwright's and the
 * generated tree's objects landed in the middle of the first `handset:get-tree`).
 *
 * Run as a child with an IPC channel ({@link startUiServer}); it answers
 * {@link ServerRequest}s with {@link ServerReply}s.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OperationSummary } from '../../main/ipc/contract.js';
import { startWebShell } from '../../main/web/web-shell.js';
import { benchHandset, benchTree, uiBenchGateway } from './ui-gateway.js';

/** What the parent asks. */
export type ServerRequest =
  | { readonly type: 'handsets'; readonly count: number }
  | {
      readonly type: 'grid';
      readonly count: number;
      readonly rateHz: number;
      readonly seconds: number;
    };

/** `[handset id, progress value, epoch ms at the emit]` per progress event. */
export type Emitted = [string, number, number][];

/** What the child answers (one reply per request, in order). */
export type ServerReply =
  | { readonly type: 'ready'; readonly url: string }
  | { readonly type: 'done' }
  | { readonly type: 'grid'; readonly emitted: Emitted; readonly seconds: number };

const wallEpoch = (): number => performance.timeOrigin + performance.now();

/** The child's side: serve, then answer requests until the parent disconnects. */
async function serve(nodes: number): Promise<void> {
  const send = (r: ServerReply): void => void process.send?.(r);
  const gateway = uiBenchGateway([benchHandset(0)], benchTree(nodes));
  const shell = await startWebShell({
    gateway,
    staticDir: fileURLToPath(new URL('../../renderer', import.meta.url)),
  });
  process.on('disconnect', () => void shell.close().finally(() => process.exit(0)));
  process.on('message', (m: ServerRequest) => {
    if (m.type === 'handsets') {
      gateway.emit(
        'handsets:changed',
        Array.from({ length: m.count }, (_, i) => benchHandset(i)),
      );
      send({ type: 'done' });
      return;
    }
    // Every 25 ms a quarter of the handsets: each one every 1000/rateHz ms, spread out.
    const ids = Array.from({ length: m.count }, (_, i) => benchHandset(i).id);
    const op = (h: number, progress: number): OperationSummary => ({
      id: `op-${h}`,
      handsetId: ids[h] ?? '',
      operation: 'retrieve',
      status: 'running',
      progress,
    });
    const emitted: Emitted = [];
    const total = m.rateHz * m.seconds * 4;
    let n = 0;
    const started = wallEpoch();
    const timer = setInterval(
      () => {
        const quarter = n % 4;
        const update = Math.floor(n / 4) + 1;
        for (let h = quarter; h < m.count; h += 4) {
          emitted.push([ids[h] ?? '', update, wallEpoch()]);
          gateway.emit('operations:progress', op(h, update));
        }
        if (++n >= total) {
          clearInterval(timer);
          send({ type: 'grid', emitted, seconds: (wallEpoch() - started) / 1000 });
        }
      },
      1000 / m.rateHz / 4,
    );
  });
  send({ type: 'ready', url: shell.url });
}

/** The parent's handle on the child. */
export interface UiServer {
  readonly url: string;
  request(r: ServerRequest): Promise<ServerReply>;
  close(): Promise<void>;
}

/** Starts the child serving a `nodes`-node tree; resolves once its web shell listens. */
export async function startUiServer(nodes: number): Promise<UiServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [String(nodes)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: ((r: ServerReply) => void)[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (r: ServerReply) => waiting.shift()?.(r));
  const next = (): Promise<ServerReply> =>
    new Promise((resolve, reject) => {
      waiting.push(resolve);
      void exited.then(() => reject(new Error('the UI bench server exited')));
    });
  const ready = await next();
  if (ready.type !== 'ready') throw new Error(`UI bench server: ${ready.type}`);
  return {
    url: ready.url,
    request: (r) => {
      const reply = next();
      child.send(r);
      return reply;
    },
    close: async () => {
      child.disconnect();
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send !== undefined)
  await serve(Number(process.argv[2]));
