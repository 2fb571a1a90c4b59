/** The actions of `cimo list|tree|get|set|exec` (registered in `../commands/handsets.ts`). */
import type { TreeNodeView } from '../../ipc/contract.js';
import type { HandsetRecord } from '../../services/handsets/handset-record.js';
import { rawChange, rawGet, rawTree } from '../../services/operations/raw-commands.js';
import { EXIT } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';
import { openLight } from './open-services.js';
import type { CliServices } from './open-services.js';
import { waitMs } from './options.js';
import type { ConsoleFlags } from './options.js';
import { waitForHandsets } from './select-handsets.js';
import { printTable } from './table.js';

const LOCK_STATES: Readonly<Record<number, string>> = {
  10: 'locked',
  20: 'partly locked',
  30: 'unlocked',
};

function json(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Opens the registry, waits for the one handset `ref` names, runs `f`, closes. */
async function withHandset<T>(
  ref: string,
  flags: ConsoleFlags,
  f: (c: CliServices, rec: HandsetRecord) => Promise<T>,
): Promise<T> {
  const c = await openLight(flags, [ref]);
  try {
    const [rec] = await waitForHandsets(c.registry, { refs: [ref] }, waitMs(flags));
    return await f(c, rec as HandsetRecord);
  } finally {
    await c.close();
  }
}

/** `cimo list`: every handset once all have finished connecting (or `--wait` ran out). */
export async function listAction(flags: ConsoleFlags & { items?: boolean }): Promise<ExitCode> {
  const c = await openLight(flags, []);
  try {
    // Every device connects and identifies; `list` shows failures too, so none is fatal.
    await waitForHandsets(c.registry, { all: true }, waitMs(flags), () => undefined).catch(
      () => undefined,
    );
    const rows = c.registry.list().map((s) => (flags.items === true ? c.registry.detail(s.id) : s));
    if (flags.json === true) {
      json(rows);
      return EXIT.ok;
    }
    if (rows.length === 0) {
      process.stdout.write(
        'no handsets: plug one in, name one with --tcp HOST:PORT / --serial DEV, or add it with `cimo settings add-handset`\n',
      );
      return EXIT.ok;
    }
    printTable(
      ['IMEI', 'MODEL', 'MO', 'LOCK', 'LINK', 'STATE'],
      rows.map((s) => [
        s.imei ?? '',
        [s.manufacturer, s.model].filter(Boolean).join(' '),
        s.mo ?? '',
        s.lockState === undefined ? '' : (LOCK_STATES[s.lockState] ?? String(s.lockState)),
        s.linkDescription,
        s.connection.state === 'failed'
          ? `failed at ${s.connection.step}: ${s.connection.message} — ${s.connection.hint}`
          : s.connection.state,
      ]),
    );
    if (flags.items === true)
      for (const d of c.registry.list().map((s) => c.registry.detail(s.id))) {
        process.stdout.write(`\n${d.imei ?? d.linkDescription}\n`);
        printTable(
          ['  ITEM', 'COUNT', 'BYTES', 'LOCKED', 'VERIFIED RETRIEVAL'],
          d.items.map((i) => [
            `  ${i.id}`,
            String(i.itemCount),
            String(i.byteSize),
            i.locked ? 'yes' : '',
            i.verifiedRetrieval === undefined ? '' : i.verifiedRetrieval.retrievalId,
          ]),
        );
      }
    return EXIT.ok;
  } finally {
    await c.close();
  }
}

function nodeText(n: TreeNodeView): string {
  if (n.value !== undefined) return n.value;
  if (n.base64 !== undefined) return `(${n.size ?? 0} bytes, base64) ${n.base64}`;
  return '';
}

/** `cimo tree HANDSET [PATH]`. */
export async function treeAction(
  ref: string,
  path: string | undefined,
  flags: ConsoleFlags,
): Promise<ExitCode> {
  return withHandset(ref, flags, async (c, rec) => {
    const nodes = await rawTree(c, rec.id, path);
    if (flags.json === true) json(nodes);
    else
      for (const n of nodes) {
        const v = nodeText(n);
        process.stdout.write(
          `${n.path}${n.children === undefined ? '' : '/'}${v === '' ? '' : ` = ${v}`}\n`,
        );
      }
    return EXIT.ok;
  });
}

/** `cimo get HANDSET PATH`: the value (or child names) on stdout. */
export async function getAction(ref: string, path: string, flags: ConsoleFlags): Promise<ExitCode> {
  return withHandset(ref, flags, async (c, rec) => {
    const n = await rawGet(c, rec.id, path);
    if (flags.json === true) json(n);
    else process.stdout.write(`${nodeText(n)}\n`);
    return EXIT.ok;
  });
}

async function change(
  kind: 'replace' | 'exec',
  ref: string,
  path: string,
  data: { value?: string; format?: string },
  flags: ConsoleFlags,
): Promise<ExitCode> {
  return withHandset(ref, flags, async (c, rec) => {
    const { status } = await rawChange(c, rec.id, kind, path, data);
    if (flags.json === true) json({ path, status });
    else process.stdout.write(`${path}: DM status ${status}\n`);
    return status < 300 ? EXIT.ok : EXIT.failed;
  });
}

/** `cimo set HANDSET PATH VALUE [--format F]`: exit 1 when the DM status is not 2xx. */
export function setAction(
  ref: string,
  path: string,
  value: string,
  flags: ConsoleFlags & { format?: string },
): Promise<ExitCode> {
  return change(
    'replace',
    ref,
    path,
    { value, ...(flags.format === undefined ? {} : { format: flags.format }) },
    flags,
  );
}

/** `cimo exec HANDSET PATH [DATA]`: exit 1 when the DM status is not 2xx. */
export function execAction(
  ref: string,
  path: string,
  data: string | undefined,
  flags: ConsoleFlags,
): Promise<ExitCode> {
  return change('exec', ref, path, data === undefined ? {} : { value: data }, flags);
}
