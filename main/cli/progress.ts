/**
 * A one-line terminal progress bar for transfers: bytes done of total, rate and ETA,
 * redrawn in place with `\r`. It draws only when the stream is a TTY — piped or
 * redirected output (scripts, CI logs) gets nothing, so stdout stays machine-readable.
 */

/** Where the bar is drawn (process.stderr in the CLI; a fake in tests). */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Shown before the bar, e.g. `get photo.jpg`. */
  readonly label: string;
  readonly stream: ProgressStream;
  /** Milliseconds clock; default `performance.now`. */
  readonly now?: (() => number) | undefined;
  /** Minimum time between redraws (default 100 ms); the last update always draws. */
  readonly intervalMs?: number | undefined;
}

/** A running bar. */
export interface Progress {
  /** Reports bytes done and the total when known. */
  update(done: number, total: number | undefined): void;
  /** Draws the final state and ends the line (only if anything was drawn). */
  finish(): void;
  /** True when the bar draws at all (the stream is a TTY). */
  readonly active: boolean;
}

const UNITS = ['B', 'KB', 'MB', 'GB'];

/** `1536` → `1.5 KB` (powers of 1024, one decimal above bytes). */
export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${UNITS[u] ?? ''}`;
}

/** Seconds as `m:ss` (or `h:mm:ss`); `--:--` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The text of one redraw: label, bar (when the total is known), bytes, rate, ETA. Pure,
 * for tests. `width` bounds the whole line.
 */
export function renderProgress(
  label: string,
  done: number,
  total: number | undefined,
  elapsedMs: number,
  width: number,
): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const known = total !== undefined && total > 0;
  const amount = known ? `${formatBytes(done)}/${formatBytes(total)}` : formatBytes(done);
  const eta = known && rate > 0 ? (total - done) / rate : undefined;
  const tail = ` ${amount} ${formatBytes(rate)}/s ETA ${formatDuration(known ? eta : undefined)}`;
  const pct = known ? ` ${String(Math.floor((100 * done) / total)).padStart(3)}%` : '';
  // The bar takes `barWidth + 3` columns (` [` and `]`); the line stays below `width`.
  const room = width - 1 - label.length - tail.length - pct.length - 3;
  const barWidth = known ? Math.min(30, room) : 0;
  let bar = '';
  if (barWidth >= 5 && known) {
    const filled = Math.min(barWidth, Math.round((barWidth * done) / total));
    bar = ` [${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  }
  return `${label}${bar}${pct}${tail}`.slice(0, Math.max(0, width - 1));
}

/** Starts a bar on `stream`; a no-op object when the stream is not a TTY. */
export function createProgress(options: ProgressOptions): Progress {
  const { stream, label } = options;
  const active = stream.isTTY === true;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const start = now();
  let lastDraw = -Infinity;
  let drawn = false;
  let last: [number, number | undefined] = [0, undefined];
  const draw = (): void => {
    const width = stream.columns && stream.columns > 20 ? stream.columns : 80;
    stream.write(`\r${renderProgress(label, last[0], last[1], now() - start, width)}\x1b[K`);
    drawn = true;
    lastDraw = now();
  };
  return {
    active,
    update(done, total) {
      last = [done, total];
      if (!active) return;
      if (now() - lastDraw >= interval || (total !== undefined && done >= total)) draw();
    },
    finish() {
      if (!active) return;
      draw();
      if (drawn) stream.write('\n');
    },
  };
}
