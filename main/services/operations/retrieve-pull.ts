/**
 * Pulling a retrieval over OBEX Folder Browsing (`RetrieveTarget=local`): the objects
 * of the manifest from `cimo-retrieve/<folder>/`, each streamed into the vault as it
 * arrives (the vault encrypts chunk by chunk and checks size and SHA-256), so no large
 * object is ever held whole in memory, and none is written in plain text. Objects of at
 * most {@link WHOLE_OBJECT_MAX} bytes by the manifest (vCards, notes, messages: most of a
 * handset) are taken whole into one buffer and stored in one go: streaming them cost more
 * hand-offs between the OBEX client and the vault than bytes.
 */
import type { RetrievalManifest } from '../../../protocol/cimo/index.js';
import type { BodySink } from '../../../protocol/obex/body.js';
import type { ObexClient } from '../../../protocol/obex/client.js';
import { setPath } from '../../../protocol/obex/folder-client.js';
import type { Vault } from '../vault/index.js';
import type { RetrievalDetail } from '../vault/index.js';

/**
 * An OBEX body sink that is also an async iterable of its pieces, with backpressure:
 * `write` resolves only once the consumer took the piece.
 */
class PipeSink implements AsyncIterable<Uint8Array> {
  #pieces: Uint8Array[] = [];
  #wake: (() => void) | undefined;
  #ended = false;
  #error: Error | undefined;
  #drained: (() => void) | undefined;
  #released = false;

  write(piece: Uint8Array): Promise<void> {
    if (this.#released) return Promise.resolve();
    this.#pieces.push(piece.slice());
    this.#poke();
    return new Promise<void>((r) => (this.#drained = r));
  }

  /** The consumer stopped reading (e.g. an oversize object): later pieces are dropped. */
  release(): void {
    this.#released = true;
    this.#pieces = [];
    const d = this.#drained;
    this.#drained = undefined;
    d?.();
  }

  end(error?: Error): void {
    this.#ended = true;
    this.#error = error;
    this.#poke();
  }

  #poke(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const p = this.#pieces.shift();
      if (p !== undefined) {
        const d = this.#drained;
        this.#drained = undefined;
        d?.();
        yield p;
        continue;
      }
      if (this.#ended) {
        if (this.#error !== undefined) throw this.#error;
        return;
      }
      await new Promise<void>((r) => (this.#wake = r));
    }
  }
}

/** Largest object (manifest size) taken whole into memory rather than streamed. */
export const WHOLE_OBJECT_MAX = 256 * 1024;

/**
 * An OBEX body sink that keeps an object whole: at most one byte more than the manifest
 * size, which is enough for the vault to tell the object ran over (`size-mismatch`);
 * further bytes are dropped.
 */
class WholeSink implements BodySink {
  readonly #buffer: Uint8Array;
  #filled = 0;

  constructor(size: number) {
    this.#buffer = new Uint8Array(size + 1);
  }

  write(piece: Uint8Array): void {
    const take = Math.min(piece.length, this.#buffer.length - this.#filled);
    if (take <= 0) return;
    this.#buffer.set(take === piece.length ? piece : piece.subarray(0, take), this.#filled);
    this.#filled += take;
  }

  get bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#filled);
  }
}

/** Progress of a pull: objects done of total. */
export type PullProgress = (done: number, total: number) => void;

/**
 * Pulls every object of `manifest` from `cimo-retrieve/<folder>` into the open vault
 * retrieval `retrievalId`, then finishes it. An object that fails to transfer is left
 * `pending` (the retrieval ends `incomplete`); a link failure aborts the pull and is
 * rethrown after the retrieval is finished as it stands.
 */
export async function pullRetrieval(
  client: ObexClient,
  vault: Vault,
  retrievalId: string,
  manifest: RetrievalManifest,
  folder: string,
  onProgress?: PullProgress,
): Promise<RetrievalDetail> {
  let failure: unknown;
  try {
    await setPath(client, '');
    await setPath(client, 'cimo-retrieve');
    await setPath(client, folder);
    let done = 0;
    for (const [index, o] of manifest.objects.entries()) {
      if (o.size <= WHOLE_OBJECT_MAX) {
        const whole = new WholeSink(o.size);
        try {
          await client.getTo(o.name, undefined, whole);
        } catch (e) {
          // Recorded `failed` as for a stream: a source that ends with the error at once.
          const failed = new PipeSink();
          failed.end(e instanceof Error ? e : new Error(String(e)));
          await vault.storeObject(retrievalId, index, failed).catch(() => undefined);
          if (client.state === 'failed') throw e;
          continue;
        }
        await vault.storeObject(retrievalId, index, whole.bytes);
        onProgress?.(++done, manifest.objects.length);
        continue;
      }
      const sink = new PipeSink();
      const stored = vault.storeObject(retrievalId, index, sink);
      void stored.finally(() => sink.release()).catch(() => undefined);
      try {
        await client.getTo(o.name, undefined, sink);
        sink.end();
      } catch (e) {
        sink.end(e instanceof Error ? e : new Error(String(e)));
        await stored.catch(() => undefined);
        if (client.state === 'failed') throw e;
        continue;
      }
      await stored;
      onProgress?.(++done, manifest.objects.length);
    }
  } catch (e) {
    failure = e;
  }
  await vault.syncRetrieval(retrievalId).catch(() => undefined);
  const detail = vault.finish(retrievalId);
  if (failure !== undefined) throw failure;
  return detail;
}
