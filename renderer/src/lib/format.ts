/**
 * Pure formatting helpers for what an operator reads at a glance (no DOM, testable in Node).
 */

/** Bytes as "1.2 MB" (SI units, one decimal under 10). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u] ?? 'TB'}`;
}

/**
 * A count with thousands separators ("50,000"), the way the rest of the UI writes
 * numbers (English, whatever the browser's locale). Not `toLocaleString`: its first call
 * loads the browser's number-format data, ~45 ms on the first open of the DM tree.
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3)
    out = `${digits.slice(Math.max(0, end - 3), end)}${out === '' ? '' : ','}${out}`;
  return n < 0 ? `-${out}` : out;
}

/** An IMEI split so its last four digits can be shown large: {head, tail}. */
export function splitImei(imei: string | undefined): { head: string; tail: string } {
  if (imei === undefined || imei === '') return { head: 'IMEI unknown', tail: '' };
  if (imei.length <= 4) return { head: '', tail: imei };
  return { head: imei.slice(0, -4), tail: imei.slice(-4) };
}

/** The last four IMEI digits (the factory-reset confirmation), or '' when unknown. */
export function lastFour(imei: string | undefined): string {
  return imei === undefined ? '' : imei.slice(-4);
}

/** CIMO `State` in words (10 fully locked, 20 partially locked, 30 unlocked). */
export function lockStateText(state: number | undefined): string {
  switch (state) {
    case 10:
      return 'Fully locked';
    case 20:
      return 'Partially locked';
    case 30:
      return 'Unlocked';
    default:
      return 'Lock state unknown';
  }
}

/** A short local date-time ("2024-05-01 14:03"), or the input when unparsable. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (x: number): string => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Link kind in words. */
export function linkText(link: string): string {
  switch (link) {
    case 'usb':
      return 'USB';
    case 'serial':
      return 'Serial';
    case 'rfcomm':
      return 'Bluetooth';
    case 'tcp':
      return 'OBEX/TCP';
    case 'network':
      return 'Network';
    default:
      return link;
  }
}
