/** Runs async tasks one at a time in call order (one conversation on a link at a time). */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #depth = 0;

  /** Tasks queued or running. */
  get depth(): number {
    return this.#depth;
  }

  /** Runs `task` after every task queued before it has settled; settles as it does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#depth++;
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined).finally(() => this.#depth--);
    return next;
  }
}
