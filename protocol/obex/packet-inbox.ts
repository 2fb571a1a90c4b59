/**
 * The server's incoming packets, read ahead by at most one: the server can ask whether the
 * peer sent something (`pending`) without waiting for it — what a GET in Single Response
 * Mode needs to notice an Abort between the packets it streams — while a peer that sends
 * faster than the server works is still held back by the link (nothing more is read).
 */
export class PacketInbox {
  private readonly iterator: AsyncIterator<Uint8Array[]>;
  private ahead: Promise<IteratorResult<Uint8Array[]>> | undefined;
  private settled: IteratorResult<Uint8Array[]> | undefined;
  private failed = false;

  constructor(packets: AsyncIterable<Uint8Array[]>) {
    this.iterator = packets[Symbol.asyncIterator]();
  }

  /** True when a packet (or the end, or a failure) has arrived and not been taken. */
  get pending(): boolean {
    this.pull();
    return this.settled !== undefined || this.failed;
  }

  /** The next packet; undefined at the end; rejects with the stream's failure. */
  async next(): Promise<Uint8Array[] | undefined> {
    // Without a read ahead (nobody asked `pending`), straight from the stream: no watcher.
    const ahead = this.ahead ?? this.iterator.next();
    this.ahead = undefined;
    this.settled = undefined;
    this.failed = false;
    const r = await ahead;
    return r.done === true ? undefined : r.value;
  }

  /** Stops reading (the packet stream's `return()`, after a read in progress). */
  async close(): Promise<void> {
    await this.ahead?.catch(() => undefined);
    await this.iterator.return?.();
  }

  private pull(): Promise<IteratorResult<Uint8Array[]>> {
    if (this.ahead === undefined) {
      const ahead = this.iterator.next();
      this.ahead = ahead;
      ahead.then(
        (r) => {
          if (this.ahead === ahead) this.settled = r;
        },
        () => {
          if (this.ahead === ahead) this.failed = true;
        },
      );
    }
    return this.ahead;
  }
}
