/**
 * The gateway the UI bench serves through the real web shell: fixed data sized for the
 * measurement (a generated 50,000-node CIMO-like DM tree, a bench of handsets the bench
 * replaces at will). It stands in for the console services because the thing measured is
 * the renderer, not the services.
 */
import { Gateway } from '../../main/ipc/gateway.js';
import { packTree } from '../../main/ipc/pack-tree.js';
import type { HandsetDetail, HandsetSummary, TreeNodeView } from '../../main/ipc/contract.js';

const ITEMS = ['PhoneBook', 'Calendar', 'Notes', 'Messages', 'Photos', 'AppData'] as const;

/**
 * A DM tree of exactly `size` nodes, interior nodes listed too: DevInfo/DevDetail, the
 * CIMO MO (InfoList items with their leaves, Operations, Config), then alternating phone
 * book entries (`./CIMO/InfoList/PhoneBook/Items/Contact<n>/{Name,Tel}`) and media files
 * (`./Vendor/Media/File<n>/{Name,Size,Meta/K0..K7}`) until the size is reached.
 */
export function benchTree(size: number): TreeNodeView[] {
  const n: TreeNodeView[] = [];
  const node = (path: string): void => void n.push({ path, format: 'node', acl: 'Get=*' });
  const leaf = (path: string, value: string, format = 'chr'): void =>
    void n.push({ path, format, acl: 'Get=*', value });
  for (const p of ['.', './DevInfo', './DevDetail', './CIMO', './CIMO/InfoList']) node(p);
  leaf('./DevInfo/DevId', 'IMEI:356938035643809');
  leaf('./DevInfo/Man', 'Nokla');
  leaf('./DevDetail/FwV', '3.14.2');
  for (const id of ITEMS) {
    const b = `./CIMO/InfoList/${id}`;
    node(b);
    leaf(`${b}/Name`, id);
    leaf(`${b}/ItemCount`, '214', 'int');
    for (const k of ['ToBeLocked', 'ToBeWiped', 'ToBeRetrieved'])
      leaf(`${b}/${k}`, 'false', 'bool');
  }
  node('./CIMO/Operations');
  for (const op of ['FullyLock', 'PartiallyLock', 'UnLock', 'Wipe', 'Retrieve'])
    n.push({ path: `./CIMO/Operations/${op}`, format: 'null', acl: 'Exec=console1' });
  node('./CIMO/InfoList/PhoneBook/Items');
  node('./Vendor');
  node('./Vendor/Media');
  const limit = (k: number): boolean => n.length + k <= size;
  for (let i = 0; n.length < size; i++) {
    const c = `./CIMO/InfoList/PhoneBook/Items/Contact${i}`;
    if (limit(3)) {
      node(c);
      leaf(`${c}/Name`, `Contact ${i}`);
      leaf(`${c}/Tel`, `+44 20 7946 ${String(i).padStart(5, '0')}`);
    }
    const f = `./Vendor/Media/File${i}`;
    if (limit(12)) {
      node(f);
      leaf(`${f}/Name`, `IMG_${10_000 + i}.jpg`);
      leaf(`${f}/Size`, String(20_000 + i * 37), 'int');
      node(`${f}/Meta`);
      for (let j = 0; j < 8; j++) leaf(`${f}/Meta/K${j}`, `v${i}-${j}`);
    } else if (!limit(3)) {
      while (n.length < size) leaf(`./Vendor/Pad${n.length}`, 'x');
    }
  }
  // As a real tree arrives: its strings decoded from the handset's message and its paths
  // keys of the reader's node map, so flat. Left as V8's lazy concatenations, the first
  // request to touch them would flatten 100,000 strings, which no real request does.
  return JSON.parse(JSON.stringify(n)) as TreeNodeView[];
}

/** A ready, CIMO-capable handset on the bench with index `i`. */
export function benchHandset(i: number): HandsetSummary {
  return {
    id: `tcp-127.0.0.1:${6500 + i}`,
    link: 'tcp',
    linkDescription: `OBEX over TCP 127.0.0.1:${6500 + i}`,
    imei: `49015420${String(3_000_000 + i).padStart(7, '0')}`,
    manufacturer: 'Nokla',
    model: 'N-95 Classic',
    mo: 'cimo',
    lockState: 30,
    connection: { state: 'ready' },
  };
}

/**
 * The bench gateway: an operator and an open vault (no first-run dialog), `handsets` as
 * the list, and `tree` for every handset's `handset:get-tree`. Events go out with
 * `gateway.emit`.
 */
export function uiBenchGateway(
  handsets: readonly HandsetSummary[],
  tree: readonly TreeNodeView[],
): Gateway {
  const g = new Gateway();
  const detail = (h: HandsetSummary): HandsetDetail => ({
    ...h,
    devInfo: { DevId: `IMEI:${h.imei ?? ''}`, Man: h.manufacturer ?? '', Mod: h.model ?? '' },
    devDetail: { DevTyp: 'phone', FwV: '3.14.2' },
    items: [],
    apps: [],
  });
  g.handle('app:get-info', () => ({ version: 'bench', shell: 'web' }));
  g.handle('handsets:list', () => handsets);
  g.handle('handset:get-detail', ({ handsetId }) =>
    detail(handsets.find((h) => h.id === handsetId) ?? benchHandset(0)),
  );
  // Packed once when the handset is attached, as the console does: the registry packs
  // the MO subtree it reads at identification and answers get-tree from it while no DM
  // session has started with the handset since (none does here).
  const packed = packTree(tree);
  g.handle('handset:get-tree', () => packed);
  g.handle('operations:list', () => []);
  g.handle('vault:get-status', () => ({ state: 'open' as const, source: 'key-file' as const }));
  g.handle('settings:get', () => ({
    operator: 'Bench',
    requireRetrievalBeforeWipe: true,
    consentPolicy: 'handset' as const,
    defaultEncoding: 'wbxml' as const,
  }));
  return g;
}
