/**
 * A gateway with fixed but realistic data, ONLY for looking at the views while the
 * console services are being built (the preview test). It is not the end-to-end proof:
 * the e2e tests run the real services and reference handsets.
 */
import { Gateway } from '../../../main/ipc/gateway.js';
import { packTree } from '../../../main/ipc/pack-tree.js';
import type {
  HandsetDetail,
  HandsetSummary,
  OperationSummary,
  Settings,
  TreeNodeView,
} from '../../../main/ipc/contract.js';

const SVG = (fill: string): string =>
  `data:image/svg+xml;base64,${Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="${fill}"/><circle cx="32" cy="28" r="14" fill="#fff8"/></svg>`,
  ).toString('base64')}`;

const handsets: HandsetSummary[] = [
  {
    id: 'usb-1-2',
    link: 'usb',
    linkDescription: 'USB bus 1 port 2 (CDC OBEX)',
    imei: '356938035643809',
    manufacturer: 'Nokla',
    model: 'N-95 Classic',
    mo: 'cimo',
    lockState: 30,
    connection: { state: 'ready' },
  },
  {
    id: 'tcp-127.0.0.1:6500',
    link: 'tcp',
    linkDescription: 'OBEX over TCP 127.0.0.1:6500',
    imei: '490154203237518',
    manufacturer: 'Sonny',
    model: 'K800',
    mo: 'cimo',
    lockState: 20,
    connection: { state: 'busy' },
    activeOperation: {
      id: 'op-7',
      handsetId: 'tcp-127.0.0.1:6500',
      operation: 'retrieve',
      status: 'running',
      progress: 42,
    },
  },
  {
    id: 'serial-/dev/ttyACM1',
    link: 'serial',
    linkDescription: '/dev/ttyACM1 at 115200 baud',
    connection: {
      state: 'failed',
      step: 'OBEX connect',
      message: 'The handset did not answer the OBEX CONNECT within 10 s.',
      hint: 'Unlock the phone, choose “PC suite” mode on it, then unplug and plug it in again.',
    },
  },
];

const ITEMS = [
  ['PhoneBook', 'Phone book', 'contacts', 'device', 214, 48_213],
  ['SIMPhoneBook', 'SIM phone book', 'contacts', 'sim', 38, 3_120],
  ['Calendar', 'Calendar', 'calendar', 'device', 57, 21_004],
  ['Notes', 'Notes', 'notes', 'device', 12, 2_930],
  ['Messages', 'Messages', 'messages', 'device', 830, 190_442],
  ['Photos', 'Photos', 'images', 'device', 64, 14_220_112],
  ['CardMedia', 'Memory card media', 'media', 'card', 120, 402_118_002],
  ['AppData', 'Application data', 'app-data', 'device', 9, 88_010],
] as const;

function detail(h: HandsetSummary): HandsetDetail {
  return {
    ...h,
    devInfo: {
      DevId: `IMEI:${h.imei ?? ''}`,
      Man: h.manufacturer ?? '',
      Mod: h.model ?? '',
      DmV: '1.2',
      Lang: 'en-GB',
    },
    devDetail: {
      DevTyp: 'phone',
      OEM: h.manufacturer ?? '',
      FwV: '3.14.2',
      SwV: '21.0.9',
      HwV: 'rev C',
      LrgObj: 'true',
    },
    items: ITEMS.map(([id, name, category, location, itemCount, byteSize], i) => ({
      id,
      name,
      category,
      location,
      itemCount,
      byteSize,
      locked: h.lockState === 20 && i < 2,
      ...(i === 0 ? { verifiedRetrieval: { retrievalId: 'r-1', at: '2024-05-02T10:14:00Z' } } : {}),
    })),
    apps: [
      { id: 'com.example.mail', name: 'Mail', version: '4.2', vendor: 'Example', removable: true },
      {
        id: 'com.example.maps',
        name: 'Maps',
        version: '2.0.1',
        vendor: 'Example',
        removable: true,
      },
      { id: 'sys.dialer', name: 'Phone', version: '1.0', vendor: 'Nokla', removable: false },
    ],
  };
}

/** About 20,000 nodes: the CIMO MO plus a big vendor subtree and media listing. */
function tree(): TreeNodeView[] {
  const n: TreeNodeView[] = [
    { path: '.', format: 'node', children: 4 },
    { path: './CIMO', format: 'node', type: 'urn:oma:mo:oma-cimo:1.0', acl: 'Get=*', children: 6 },
    { path: './CIMO/State', format: 'int', acl: 'Get=*', value: '30', size: 2 },
    { path: './DevInfo/DevId', format: 'chr', acl: 'Get=*', value: 'IMEI:356938035643809' },
    { path: './DevInfo/Man', format: 'chr', acl: 'Get=*', value: 'Nokla' },
    { path: './DevDetail/FwV', format: 'chr', acl: 'Get=*', value: '3.14.2' },
  ];
  for (const [id, name, cat, loc, count, size] of ITEMS) {
    const b = `./CIMO/InfoList/${id}`;
    n.push({ path: b, format: 'node', acl: 'Get=*', children: 10 });
    for (const [k, v] of [
      ['Name', name],
      ['Category', cat],
      ['Location', loc],
      ['ItemCount', String(count)],
      ['ByteSize', String(size)],
      ['Locked', 'false'],
    ] as const) {
      n.push({
        path: `${b}/${k}`,
        format: k === 'ItemCount' || k === 'ByteSize' ? 'int' : 'chr',
        acl: 'Get=*',
        value: v,
      });
    }
    for (const k of ['ToBeLocked', 'ToBeWiped', 'ToBeRetrieved'])
      n.push({ path: `${b}/${k}`, format: 'bool', acl: 'Get=*&Replace=*', value: 'false' });
  }
  for (const op of [
    'FullyLock',
    'PartiallyLock',
    'UnLock',
    'Wipe',
    'FactoryReset',
    'Retrieve',
    'Uninstall',
  ]) {
    n.push({ path: `./CIMO/Operations/${op}`, format: 'null', acl: 'Exec=console1' });
  }
  n.push({
    path: './CIMO/Config/LockMessage',
    format: 'chr',
    acl: 'Get=*&Replace=*',
    value: 'Found? Call 0800 123 456',
  });
  n.push({
    path: './Vendor/Wallpaper',
    format: 'b64',
    type: 'image/svg+xml',
    acl: 'Get=*',
    base64: Buffer.from('\x89PNG\r\n\x1a\n....fake').toString('base64'),
  });
  for (let i = 0; i < 2000; i++) {
    const b = `./Vendor/Media/File${i}`;
    n.push({
      path: `${b}/Name`,
      format: 'chr',
      acl: 'Get=*',
      value: `IMG_${String(1000 + i)}.jpg`,
    });
    n.push({ path: `${b}/Size`, format: 'int', acl: 'Get=*', value: String(20_000 + i * 37) });
    for (let j = 0; j < 8; j++)
      n.push({ path: `${b}/Meta/K${j}`, format: 'chr', acl: 'Get=*', value: `v${i}-${j}` });
  }
  return n;
}

const XML_OUT = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>2</MsgID><Target><LocURI>IMEI:356938035643809</LocURI></Target><Source><LocURI>console1</LocURI></Source></SyncHdr><SyncBody><Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>212</Data></Status><Get><CmdID>2</CmdID><Item><Target><LocURI>./CIMO/InfoList/PhoneBook/ItemCount</LocURI></Target></Item></Get><Final/></SyncBody></SyncML>`;
const XML_IN = `<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto><SessionID>1</SessionID><MsgID>2</MsgID></SyncHdr><SyncBody><Status><CmdID>1</CmdID><MsgRef>2</MsgRef><CmdRef>2</CmdRef><Cmd>Get</Cmd><Data>200</Data></Status><Results><CmdID>2</CmdID><MsgRef>2</MsgRef><CmdRef>2</CmdRef><Item><Source><LocURI>./CIMO/InfoList/PhoneBook/ItemCount</LocURI></Source><Data>214</Data></Item></Results><Alert><CmdID>3</CmdID><Data>1226</Data></Alert><Final/></SyncBody></SyncML>`;
const hex = (s: string): string => Buffer.from(s).toString('hex');

/** The preview gateway; operations tick their progress with timers. */
export function devGateway(): Gateway {
  const g = new Gateway();
  let settings: Settings = {
    operator: '',
    requireRetrievalBeforeWipe: true,
    consentPolicy: 'handset',
    defaultEncoding: 'wbxml',
  };
  const nodes = tree();
  let opNo = 100;
  g.handle('app:get-info', () => ({ version: '0.1.0-preview', shell: 'web' }));
  g.handle('handsets:list', () => handsets);
  g.handle('handset:get-detail', ({ handsetId }) => {
    const h = handsets.find((x) => x.id === handsetId);
    if (h === undefined)
      throw Object.assign(new Error(`No handset ${handsetId}`), { code: 'not-found' });
    return detail(h);
  });
  g.handle('handset:get-tree', () => packTree(nodes));
  g.handle(
    'handset:get-node',
    ({ path }) => nodes.find((x) => x.path === path) ?? { path, format: 'node' },
  );
  g.handle('handset:replace-node', () => ({ status: 200 }));
  g.handle('handset:exec-node', () => ({ status: 425 }));
  g.handle('operations:start', (args) =>
    args.handsetIds.map((handsetId) => {
      const op: OperationSummary = {
        id: `op-${++opNo}`,
        handsetId,
        operation: args.operation,
        status: 'running',
        progress: 0,
      };
      let p = 0;
      const t = setInterval(() => {
        p += 25;
        const done = p >= 100;
        g.emit('operations:progress', {
          ...op,
          progress: Math.min(p, 100),
          status: done ? 'done' : 'running',
          ...(done
            ? {
                resultCode: args.operation === 'retrieve' ? 1210 : 1200,
                verification:
                  args.operation === 'retrieve'
                    ? '278 objects, sizes and SHA-256 digests match the manifest'
                    : 'read back',
              }
            : {}),
        });
        if (done) clearInterval(t);
      }, 400);
      return op;
    }),
  );
  g.handle('operations:cancel', () => ({ cancelled: true }));
  g.handle('operations:list', () => []);
  g.handle('vault:list', () => [
    {
      id: 'r-1',
      handsetImei: '356938035643809',
      model: 'N-95 Classic',
      created: '2024-05-02T10:14:00Z',
      verified: true,
      items: ['PhoneBook', 'Photos'],
      objectCount: 278,
      byteSize: 14_268_325,
    },
  ]);
  g.handle('vault:get-contents', () => ({
    contacts: [
      { name: 'Ada Byron', phones: ['+44 20 7946 0018'] },
      { name: 'Grace Hopper', phones: ['+1 202 555 0147', '+1 202 555 0199'] },
    ],
    events: [{ summary: 'Dentist', start: '2024-05-10T09:30:00Z' }],
    notes: [{ text: 'Locker code is in the blue notebook.' }],
    photos: ['#c0392b', '#2980b9', '#27ae60', '#8e44ad'].map((c, i) => ({
      name: `IMG_${1000 + i}.jpg`,
      dataUrl: SVG(c),
    })),
  }));
  g.handle('vault:export', ({ folder }) => ({ files: 281, folder }));
  g.handle('vault:delete', () => ({ deleted: true }));
  let vaultState: 'new' | 'open' = 'new';
  g.handle('vault:get-status', () => ({ state: vaultState }));
  g.handle('vault:unlock', () => {
    vaultState = 'open';
    return { state: vaultState, source: 'passphrase' as const };
  });
  g.handle('audit:list', () =>
    Array.from({ length: 30 }, (_, i) => ({
      id: 30 - i,
      at: new Date(Date.UTC(2024, 4, 2, 10, 30 - i)).toISOString(),
      operator: 'Sam Clerk',
      action: ['retrieve', 'wipe', 'lock', 'unlock'][i % 4] ?? 'lock',
      handset: '356938035643809',
      detail:
        i % 4 === 1
          ? 'items PhoneBook; waiver: customer declined backup'
          : 'items PhoneBook, Photos',
      outcome: i % 7 === 3 ? 'interrupted' : '1200 ok',
    })),
  );
  g.handle('audit:verify', () => ({ ok: true, records: 30 }));
  g.handle('audit:export', ({ format }) => ({ text: format === 'csv' ? 'id,at\n1,2024' : '[]' }));
  g.handle('trace:list-sessions', () => [
    { id: 's-1', handsetId: 'usb-1-2', started: '2024-05-02T10:13:00Z', messages: 2 },
  ]);
  g.handle('trace:get-session', () => [
    {
      index: 1,
      direction: 'to-handset',
      at: '2024-05-02T10:13:00Z',
      encoding: 'wbxml',
      bytes: 212,
      xml: XML_OUT,
      hex: hex(XML_OUT).slice(0, 424),
    },
    {
      index: 2,
      direction: 'from-handset',
      at: '2024-05-02T10:13:01Z',
      encoding: 'wbxml',
      bytes: 190,
      xml: XML_IN,
      hex: hex(XML_IN).slice(0, 380),
    },
  ]);
  g.handle('settings:get', () => settings);
  g.handle('settings:set', (s) => {
    settings = {
      operator: s.operator ?? settings.operator,
      requireRetrievalBeforeWipe:
        s.requireRetrievalBeforeWipe ?? settings.requireRetrievalBeforeWipe,
      consentPolicy: s.consentPolicy ?? settings.consentPolicy,
      defaultEncoding: s.defaultEncoding ?? settings.defaultEncoding,
    };
    return settings;
  });
  return g;
}
