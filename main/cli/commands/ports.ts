/**
 * `cimo ports`: lists candidate handset connections — USB CDC-OBEX phones, USB modems
 * (ttyACM), Bluetooth RFCOMM ttys, other serial ports, configured paths/globs and TCP
 * endpoints — with how each was classified and why, from one scan of the device
 * watcher. "No USB bus" (containers, CI) is a line of output, not an error.
 * Exit status: 0 (also when nothing was found); 2 bad usage.
 */
import type { Command } from 'commander';
import type { CandidateDevice } from '../../../native-bridge/watch/candidate.js';
import {
  scanDevices,
  type DeviceWatcherOptions,
  type ScanResult,
  type WatcherStatus,
} from '../../../native-bridge/watch/device-watcher.js';

/** Bad usage of `cimo ports` (exit status 2). */
export class PortsUsageError extends Error {
  override readonly name = 'PortsUsageError';
}

/** Options of `cimo ports`. */
export interface PortsOptions {
  readonly json?: boolean;
  /** Extra device paths or globs (ptys, symlinks), repeatable. */
  readonly watchPath?: readonly string[];
  /** OBEX-over-TCP endpoints `host:port`, repeatable. */
  readonly tcp?: readonly string[];
}

/** Parses `host:port` (port 1..65535; `[v6]:port` accepted). */
export function parseEndpoint(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PortsUsageError(`--tcp: expected host:port, got "${text}"`);
  }
  return { host, port };
}

function statusLine(s: WatcherStatus): string {
  switch (s.kind) {
    case 'no-usb-bus':
      return `${s.message} — USB handsets cannot be seen; serial ports and TCP endpoints are still listed`;
    case 'serial-list-failed':
      return `cannot list serial ports (${s.message}); configured paths are still checked`;
    case 'serial-list-sysfs':
      return `${s.message} (/sys/class/tty; no /dev/serial/by-id names)`;
    case 'usb-ok':
      return 'USB bus available';
  }
}

function where(d: CandidateDevice): string {
  if (d.path !== undefined) return d.path;
  if (d.tcp !== undefined) return `${d.tcp.host}:${d.tcp.port}`;
  return d.key;
}

/** The scan as text: one line per device (kind, where, label, reason), then notes. */
export function formatPorts(result: ScanResult): string {
  const lines: string[] = [];
  if (result.devices.length === 0) lines.push('no candidate handsets found');
  const rows = result.devices.map((d) => [d.kind, where(d), d.label, d.reason] as const);
  const w0 = Math.max(4, ...rows.map((r) => r[0].length));
  const w1 = Math.max(5, ...rows.map((r) => r[1].length));
  if (rows.length > 0) lines.push(`${'KIND'.padEnd(w0)}  ${'WHERE'.padEnd(w1)}  REASON`);
  for (const [kind, at, label, reason] of rows) {
    lines.push(
      `${kind.padEnd(w0)}  ${at.padEnd(w1)}  ${reason}${label && !at.endsWith(label) ? ` — ${label}` : ''}`,
    );
  }
  for (const s of result.statuses) lines.push(`note: ${statusLine(s)}`);
  return `${lines.join('\n')}\n`;
}

/** The scan as JSON for scripts: `{devices: [...], notes: [...]}`. */
export function portsJson(result: ScanResult): string {
  return `${JSON.stringify(
    {
      devices: result.devices,
      notes: result.statuses.map((s) => ({ kind: s.kind, message: statusLine(s) })),
    },
    null,
    2,
  )}\n`;
}

/** Runs one scan and prints it; `scan` options are injectable for tests. */
export async function portsAction(
  options: PortsOptions,
  out: (text: string) => void = (t) => void process.stdout.write(t),
  scan: Omit<DeviceWatcherOptions, 'serialPaths' | 'tcpEndpoints'> = {},
): Promise<void> {
  const result = await scanDevices({
    ...scan,
    serialPaths: options.watchPath ?? [],
    tcpEndpoints: (options.tcp ?? []).map(parseEndpoint),
  });
  out(options.json ? portsJson(result) : formatPorts(result));
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Adds `cimo ports` to the program. */
export function register(program: Command): void {
  program
    .command('ports')
    .description('list candidate handsets (USB CDC-OBEX, USB modems, RFCOMM, serial, TCP) and why')
    .option('--json', 'print JSON for scripts')
    .option(
      '--watch-path <glob>',
      'also check these device paths/globs, e.g. /tmp/bench/tty*',
      collect,
    )
    .option('--tcp <host:port>', 'also list this OBEX-over-TCP endpoint', collect)
    .action(async (options: PortsOptions) => {
      try {
        await portsAction(options);
      } catch (e) {
        if (!(e instanceof PortsUsageError)) throw e;
        process.stderr.write(`cimo ports: ${e.message}\n`);
        process.exitCode = 2;
      }
    });
}
