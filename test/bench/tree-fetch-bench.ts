/**
 * Tree fetch benchmark (issue 4): the console reads a handset's CIMO subtree of 1,000 and
 * 10,000 nodes over OBEX on TCP loopback, with `Get ./CIMO?list=TNDS` and (in a separate
 * session) `Get ./CIMO?list=StructData`, in WBXML and in XML, both sessions advertising
 * an 8 MiB MaxMsgSize and MaxObjSize.
 *
 * The handset's tree is built from `protocol/cimo/cimo.ddf` with `instantiateTree`
 * (InfoList and AppList instances with non-ASCII values) and served by `ObexDmService`
 * on an `ObexServer`; the console drives a `ServerSession` over `ObexDmTransport`, started
 * by a package #0 PUT, as `test/native-bridge/dm/pairs.ts` does. Per configuration:
 * round trips (DM exchanges = OBEX PUT+GET pairs, counted by wrapping the transport), DM
 * bytes each way, TCP bytes each way (OBEX framing included, counted on the console's
 * link), wall time of the whole session and of the fetch (median of 3 after a warm-up).
 * Every run checks that all N nodes arrived, so a number is never printed for a broken
 * fetch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DM_NOTIFICATION_TYPE } from '../../native-bridge/dm/content-type.js';
import { ObexDmService } from '../../native-bridge/dm/obex-dm-service.js';
import { ObexDmTransport } from '../../native-bridge/dm/obex-dm-transport.js';
import { connectTcp, listenTcp } from '../../native-bridge/links/tcp-link.js';
import { parseCimoDdf } from '../../protocol/cimo/mo-ddf.js';
import type { Link } from '../../protocol/link/link.js';
import { ObexClient } from '../../protocol/obex/client.js';
import { ObexServer } from '../../protocol/obex/server.js';
import { encodePkg0 } from '../../protocol/pkg0/encode.js';
import { Initiator, UiMode } from '../../protocol/pkg0/pkg0.js';
import { ClientSession } from '../../protocol/session/client/client-session.js';
import { clientHandler } from '../../protocol/session/drive.js';
import { ServerSession } from '../../protocol/session/server/server-session.js';
import type { CommandOutcome } from '../../protocol/session/server/command-queue.js';
import type { DmTransport } from '../../protocol/session/transport.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import { instantiateTree } from '../../protocol/tree/ddf-instantiate.js';
import type { DdfNode } from '../../protocol/tree/ddf.js';
import { DmTree } from '../../protocol/tree/dm-tree.js';
import type { TndsNode } from '../../protocol/tree/tnds.js';
import { fmt, median } from './measure.js';

const SIZES = [1_000, 10_000];
const LISTS = ['TNDS', 'StructData'] as const;
const ENCODINGS: readonly SyncMLEncoding[] = ['wbxml', 'xml'];
const MiB = 1024 * 1024;
/** MaxMsgSize and MaxObjSize advertised by both sessions. */
const MAX_SIZE = 8 * MiB;
const RUNS = 3;
/** Target of the issue: this many round trips at most for 10,000 nodes. */
const TARGET_ROUND_TRIPS = 3;
const SERVER_ID = 'cimo-console';
const SERVER_PASSWORD = 'srv-secret';
const DEVICE_ID = 'IMEI:493005100592800';

type ListKind = (typeof LISTS)[number];

/** One row of the table (medians over the runs; counts are the same in every run). */
export interface TreeFetchRow {
  readonly nodes: number;
  readonly list: ListKind;
  readonly encoding: SyncMLEncoding;
  /** DM exchanges of the whole session (package #0 → package 1 included). */
  readonly roundTrips: number;
  /** DM exchanges from the Get being sent to its Results being complete. */
  readonly fetchRoundTrips: number;
  readonly dmBytesOut: number;
  readonly dmBytesIn: number;
  /** Largest single DM message received (the Results). */
  readonly largestIn: number;
  readonly tcpBytesOut: number;
  readonly tcpBytesIn: number;
  readonly sessionMs: number;
  readonly fetchMs: number;
}

/** `cimo.ddf`, from the sources or from `dist/` (the bench runs compiled). */
function readCimoDdf(): DdfNode {
  for (const rel of ['../../protocol/cimo/cimo.ddf', '../../../protocol/cimo/cimo.ddf']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(url)) return parseCimoDdf(readFileSync(url));
  }
  throw new Error('tree-fetch bench: protocol/cimo/cimo.ddf not found');
}

const NAMES = ['Kontakte Åsa Öberg', 'Zoë Ñúñez', '通讯录 张伟', 'Дмитрий — фото', 'Ήλιος'];
const CATEGORIES = ['PhoneBook', 'Calendar', 'Photos', 'Messages', 'Notes'];
const APPS = ['Карты', '微信', 'Café Crème', 'Ødegaard Räkna', 'Σημειώσεις'];

function emptyTree(): DmTree {
  const tree = new DmTree({ rootAcl: 'Add=*&Delete=*&Exec=*&Get=*&Replace=*' });
  tree.add('./DevInfo', { format: 'node' });
  tree.add('./DevInfo/DevId', { value: DEVICE_ID });
  tree.add('./DevInfo/Man', { value: 'CIMO Labs' });
  tree.add('./DevInfo/Mod', { value: 'Ref-1' });
  tree.add('./DevInfo/DmV', { value: '1.2' });
  tree.add('./DevInfo/Lang', { value: 'en-US' });
  return tree;
}

function instantiate(ddf: DdfNode, infos: number, apps: number): DmTree {
  const tree = emptyTree();
  instantiateTree(ddf, {
    tree,
    at: './CIMO',
    serverId: SERVER_ID,
    instances: {
      'InfoList/<x>': Array.from({ length: infos }, (_, i) => `Info${i}`),
      'AppList/<x>': Array.from({ length: apps }, (_, i) => `App${i}`),
    },
  });
  return tree;
}

/**
 * A handset tree whose `./CIMO` subtree has exactly `n` nodes: the MO's fixed nodes plus
 * InfoList and AppList instances (solving base + info·i + app·a = n), values filled in.
 */
function cimoTree(ddf: DdfNode, n: number): DmTree {
  const size = (t: DmTree): number => t.walk('./CIMO').length;
  const base = size(instantiate(ddf, 0, 0));
  const info = size(instantiate(ddf, 1, 0)) - base;
  const app = size(instantiate(ddf, 0, 1)) - base;
  let apps = 0;
  while ((n - base - app * apps) % info !== 0) apps++;
  const infos = (n - base - app * apps) / info;
  if (infos < 0) throw new Error(`tree-fetch bench: cannot build ${n} nodes`);
  const tree = instantiate(ddf, infos, apps);
  for (let i = 0; i < infos; i++) {
    const at = `./CIMO/InfoList/Info${i}`;
    const category = CATEGORIES[i % CATEGORIES.length] ?? '';
    tree.replace(`${at}/Name`, `${NAMES[i % NAMES.length] ?? ''} №${i}`);
    tree.replace(`${at}/Category`, category);
    tree.replace(`${at}/Location`, `/data/användare/${category}/${i}`);
    tree.replace(`${at}/Format`, category === 'Photos' ? 'image/jpeg' : 'text/x-vcard');
    tree.replace(`${at}/ItemCount`, String((i * 37) % 5000));
    tree.replace(`${at}/ByteSize`, String((i * 7919) % 10_000_000));
    tree.replace(`${at}/Locked`, i % 7 === 0 ? 'true' : 'false');
  }
  for (let i = 0; i < apps; i++) {
    const at = `./CIMO/AppList/App${i}`;
    tree.replace(`${at}/Name`, APPS[i % APPS.length] ?? '');
    tree.replace(`${at}/Version`, `${1 + (i % 9)}.${i % 13}.${i}`);
    tree.replace(`${at}/Vendor`, 'Société Générale d’Électronique');
    tree.replace(`${at}/Removable`, i % 2 === 0 ? 'true' : 'false');
  }
  if (size(tree) !== n) throw new Error(`tree-fetch bench: built ${size(tree)} nodes, not ${n}`);
  return tree;
}

/** Counts bytes written and read through a link. */
class CountingLink implements Link {
  written = 0;
  read = 0;
  constructor(private readonly inner: Link) {}
  get description(): string {
    return this.inner.description;
  }
  get isOpen(): boolean {
    return this.inner.isOpen;
  }
  open(): Promise<void> {
    return this.inner.open();
  }
  write(data: Uint8Array): Promise<void> {
    this.written += data.length;
    return this.inner.write(data);
  }
  async *chunks(): AsyncIterable<Uint8Array> {
    for await (const c of this.inner.chunks()) {
      this.read += c.length;
      yield c;
    }
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Counts exchanges and DM bytes each way. */
class CountingTransport implements DmTransport {
  exchanges = 0;
  bytesOut = 0;
  bytesIn = 0;
  largestIn = 0;
  constructor(private readonly inner: DmTransport) {}
  async exchange(
    ...args: Parameters<DmTransport['exchange']>
  ): ReturnType<DmTransport['exchange']> {
    this.exchanges++;
    this.bytesOut += args[0].length;
    const reply = await this.inner.exchange(...args);
    this.bytesIn += reply.body.length;
    this.largestIn = Math.max(this.largestIn, reply.body.length);
    return reply;
  }
}

function pkg0(): Uint8Array {
  return encodePkg0(
    {
      uiMode: UiMode.Background,
      initiator: Initiator.Server,
      sessionId: 0x1a2b,
      serverId: SERVER_ID,
    },
    { serverId: SERVER_ID, serverPassword: SERVER_PASSWORD, nonce: new Uint8Array(4) },
  );
}

function countTnds(nodes: readonly TndsNode[]): number {
  let n = 0;
  for (const node of nodes) n += 1 + countTnds(node.children);
  return n;
}

/** Throws unless `outcome` carries all `n` nodes and a known non-ASCII value intact. */
function check(outcome: CommandOutcome, list: ListKind, n: number, tree: DmTree): void {
  const uri = './CIMO/InfoList/Info3/Name';
  const expected = new TextDecoder().decode(tree.get(uri).data);
  if (list === 'StructData') {
    if (outcome.items.length !== n) {
      throw new Error(`StructData: ${outcome.items.length} nodes received, not ${n}`);
    }
    const item = outcome.items.find((i) => i.uri === uri);
    const got = item?.data === undefined ? undefined : new TextDecoder().decode(item.data);
    if (got !== expected) throw new Error(`StructData: ${uri} is ${got}, not ${expected}`);
    return;
  }
  const doc = outcome.items[0]?.tnds;
  const got = doc === undefined ? 0 : countTnds(doc.nodes);
  if (outcome.items.length !== 1 || got !== n) {
    throw new Error(`TNDS: ${got} nodes in ${outcome.items.length} items received, not ${n}`);
  }
  const name = doc?.nodes[0]?.children
    .find((c) => c.name === 'InfoList')
    ?.children.find((c) => c.name === 'Info3')
    ?.children.find((c) => c.name === 'Name');
  const value = name?.value === undefined ? undefined : new TextDecoder().decode(name.value);
  if (value !== expected) throw new Error(`TNDS: ${uri} is ${value}, not ${expected}`);
}

interface Run {
  readonly roundTrips: number;
  readonly fetchRoundTrips: number;
  readonly dmBytesOut: number;
  readonly dmBytesIn: number;
  readonly largestIn: number;
  readonly tcpBytesOut: number;
  readonly tcpBytesIn: number;
  readonly sessionMs: number;
  readonly fetchMs: number;
}

/** One session over a fresh TCP connection: package #0, the Get, close. */
async function fetchOnce(
  tree: DmTree,
  n: number,
  list: ListKind,
  encoding: SyncMLEncoding,
): Promise<Run> {
  const limits = { maxMsgSize: MAX_SIZE, maxObjSize: MAX_SIZE };
  const listener = await listenTcp({ port: 0 });
  const [handsetLink, tcp] = await Promise.all([
    listener.accept(),
    connectTcp('127.0.0.1', listener.port),
  ]);
  const consoleLink = new CountingLink(tcp);
  const client = new ClientSession({
    tree,
    deviceId: DEVICE_ID,
    serverUri: 'obex:SYNCML-DM',
    serverId: SERVER_ID,
    encoding,
    ...limits,
  });
  const service = new ObexDmService({ openSession: () => clientHandler(client) });
  const serving = new ObexServer(handsetLink, { services: [service] })
    .serve()
    .catch(() => undefined);
  const obex = new ObexDmTransport(new ObexClient(consoleLink), { replyEncoding: encoding });
  const transport = new CountingTransport(obex);
  const server = new ServerSession({ serverId: SERVER_ID, encoding, ...limits });
  try {
    const t0 = performance.now();
    const run = server.run(transport, {
      body: pkg0(),
      contentType: DM_NOTIFICATION_TYPE,
      headers: {},
    });
    const get = server.get(`./CIMO?list=${list}`);
    const outcome = await get;
    const fetchMs = performance.now() - t0;
    // Exchanges up to the complete Results, less the package #0 → package 1 one.
    const fetchRoundTrips = transport.exchanges - 1;
    await server.close();
    await run;
    const sessionMs = performance.now() - t0;
    check(outcome, list, n, tree);
    return {
      roundTrips: transport.exchanges,
      fetchRoundTrips,
      dmBytesOut: transport.bytesOut,
      dmBytesIn: transport.bytesIn,
      largestIn: transport.largestIn,
      tcpBytesOut: consoleLink.written,
      tcpBytesIn: consoleLink.read,
      sessionMs,
      fetchMs,
    };
  } finally {
    await obex.close();
    await consoleLink.close();
    await handsetLink.close();
    await listener.close();
    await serving;
  }
}

/** Runs the tree fetch benchmark and prints its table. */
export async function runTreeFetchBench(): Promise<TreeFetchRow[]> {
  const ddf = readCimoDdf();
  const rows: TreeFetchRow[] = [];
  for (const n of SIZES) {
    const tree = cimoTree(ddf, n);
    for (const list of LISTS) {
      for (const encoding of ENCODINGS) {
        await fetchOnce(tree, n, list, encoding); // warm-up, not measured
        const runs: Run[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await fetchOnce(tree, n, list, encoding));
        const first = runs[0];
        if (first === undefined) throw new Error('tree-fetch bench: no runs');
        rows.push({
          nodes: n,
          list,
          encoding,
          roundTrips: Math.max(...runs.map((r) => r.roundTrips)),
          fetchRoundTrips: Math.max(...runs.map((r) => r.fetchRoundTrips)),
          dmBytesOut: first.dmBytesOut,
          dmBytesIn: first.dmBytesIn,
          largestIn: first.largestIn,
          tcpBytesOut: first.tcpBytesOut,
          tcpBytesIn: first.tcpBytesIn,
          sessionMs: median(runs.map((r) => r.sessionMs)),
          fetchMs: median(runs.map((r) => r.fetchMs)),
        });
      }
    }
  }
  print(rows);
  return rows;
}

function print(rows: readonly TreeFetchRow[]): void {
  console.log(
    `\n## CIMO tree fetch over OBEX on TCP loopback (MaxMsgSize = MaxObjSize = ${MAX_SIZE / MiB} MiB both ways; median of ${RUNS} after a warm-up)`,
  );
  console.log(
    '| nodes | list | encoding | round trips (session) | round trips (Get) | DM bytes out | DM bytes in | largest message | TCP bytes out | TCP bytes in | fetch ms | session ms |',
  );
  console.log('|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.nodes} | ${r.list} | ${r.encoding} | ${r.roundTrips} | ${r.fetchRoundTrips} | ${r.dmBytesOut} | ${r.dmBytesIn} | ${r.largestIn} | ${r.tcpBytesOut} | ${r.tcpBytesIn} | ${fmt(r.fetchMs, 0)} | ${fmt(r.sessionMs, 0)} |`,
    );
  }
  const big = rows.filter((r) => r.nodes === 10_000);
  const worst = Math.max(...big.map((r) => r.roundTrips));
  console.log(
    `\nRound trips count DM exchanges (OBEX PUT + GET) of the whole session: package #0 → package 1, the Get → its Results, the closing Status → the handset's last answer. 10,000 nodes: at most ${worst} round trips — target ≤ ${TARGET_ROUND_TRIPS} ${worst <= TARGET_ROUND_TRIPS ? 'met' : 'NOT met'}.`,
  );
}
