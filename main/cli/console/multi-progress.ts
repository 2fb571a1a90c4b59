/**
 * Progress of operations on several handsets at once: one line per handset (label,
 * bar, percent, status), redrawn in place on a terminal. Like `progress.ts` it draws
 * only on a TTY, so piped output (scripts) stays clean.
 */
import type { ProgressStream } from '../progress.js';

/** One handset's line. */
export interface ProgressRow {
  readonly label: string;
  readonly percent: number;
  readonly status: string;
}

/** The text of one line (pure, for tests); `width` bounds it. */
export function renderRow(row: ProgressRow, labelWidth: number, width: number): string {
  const pct = Math.max(0, Math.min(100, Math.round(row.percent)));
  const barWidth = Math.max(0, Math.min(30, width - labelWidth - row.status.length - 12));
  const filled = Math.round((barWidth * pct) / 100);
  const bar = barWidth >= 5 ? ` [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]` : '';
  return `${row.label.padEnd(labelWidth)}${bar} ${String(pct).padStart(3)}% ${row.status}`.slice(
    0,
    Math.max(0, width - 1),
  );
}

/** Lines for several handsets, redrawn together. */
export class MultiProgress {
  readonly #stream: ProgressStream;
  readonly #rows = new Map<string, ProgressRow>();
  readonly #intervalMs: number;
  #drawnLines = 0;
  #lastDraw = -Infinity;

  constructor(stream: ProgressStream, intervalMs = 100) {
    this.#stream = stream;
    this.#intervalMs = intervalMs;
  }

  /** True when it draws at all (the stream is a TTY). */
  get active(): boolean {
    return this.#stream.isTTY === true;
  }

  /** Sets a handset's line; redraws at most every `intervalMs`. */
  update(key: string, row: ProgressRow): void {
    this.#rows.set(key, row);
    if (this.active && performance.now() - this.#lastDraw >= this.#intervalMs) this.#draw();
  }

  /** Draws the final state (the lines stay on the terminal). */
  finish(): void {
    if (this.active && this.#rows.size > 0) this.#draw();
  }

  #draw(): void {
    const width = (this.#stream.columns ?? 0) > 20 ? (this.#stream.columns as number) : 80;
    const rows = [...this.#rows.values()];
    const labelWidth = Math.min(40, Math.max(...rows.map((r) => r.label.length)));
    // Back to the first line drawn last time, then every line again (cleared to the end).
    let text = this.#drawnLines > 0 ? `\x1b[${this.#drawnLines}A\r` : '';
    for (const r of rows) text += `${renderRow(r, labelWidth, width)}\x1b[K\n`;
    this.#stream.write(text);
    this.#drawnLines = rows.length;
    this.#lastDraw = performance.now();
  }
}
