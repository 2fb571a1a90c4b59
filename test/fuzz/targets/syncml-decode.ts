/**
 * Fuzzes `decodeMessage` with seeds in both encodings (XML and WBXML, with DevInf/TNDS
 * embedded, a nonce, binary data): any input must give a message or a DecodeError.
 */
import { decodeMessage, encodeMessage } from '../../../protocol/syncml/index.js';
import type { SyncMLMessage } from '../../../protocol/syncml/index.js';
import { el, text } from '../../../protocol/xml/element.js';
import type { FuzzTarget } from '../target.js';

const M = 'syncml:dmddf1.2';
const SAMPLE: SyncMLMessage = {
  header: {
    verDTD: '1.2',
    verProto: 'DM/1.2',
    sessionId: '1F',
    msgId: '1',
    target: { locURI: 'IMEI:493005100592800' },
    source: { locURI: 'https://console.example/dm', locName: 'Åsa' },
    cred: { meta: { type: 'syncml:auth-md5', format: 'b64' }, data: 'Zz6EivR3yeaaENcRN6lpAQ==' },
    meta: { maxMsgSize: 16384 },
  },
  commands: [
    {
      kind: 'Status',
      cmdId: '1',
      msgRef: '1',
      cmdRef: '0',
      cmd: 'SyncHdr',
      targetRefs: ['a'],
      sourceRefs: ['b'],
      chal: { meta: { type: 'syncml:auth-md5', format: 'b64', nextNonce: Uint8Array.of(1, 2, 3) } },
      code: 407,
      items: [],
    },
    {
      kind: 'Atomic',
      cmdId: '2',
      commands: [
        {
          kind: 'Replace',
          cmdId: '3',
          items: [
            { target: { locURI: './CIMO/Lock' }, data: { kind: 'text', text: '<&>"张伟' } },
            {
              target: { locURI: './CIMO/Blob' },
              meta: { format: 'bin', size: 3 },
              data: { kind: 'bytes', bytes: Uint8Array.of(0, 1, 2) },
              moreData: true,
            },
          ],
        },
      ],
    },
    {
      kind: 'Results',
      cmdId: '4',
      msgRef: '1',
      cmdRef: '2',
      items: [
        {
          source: { locURI: './CIMO' },
          meta: { format: 'xml', type: 'application/vnd.syncml.dmtnds+xml' },
          data: {
            kind: 'xml',
            element: el('MgmtTree', M, [
              el('VerDTD', M, [text('1.2')]),
              el('Node', M, [el('NodeName', M, [text('CIMO')])]),
            ]),
          },
        },
      ],
    },
    { kind: 'Alert', cmdId: '5', code: 1226, items: [{ data: { kind: 'text', text: 'done' } }] },
  ],
  final: true,
};

function seeds(): Uint8Array[] {
  return [
    encodeMessage(SAMPLE, 'xml'),
    encodeMessage(SAMPLE, 'xml', { pretty: true }),
    encodeMessage(SAMPLE, 'wbxml'),
    encodeMessage(SAMPLE, 'wbxml', { wbxmlVersion: 3 }),
  ];
}

function run(input: Uint8Array): void {
  decodeMessage(input, { maxDepth: 64 });
}

/** The SyncML message decoder target (both encodings). */
export const target: FuzzTarget = { name: 'syncml-decode', seeds, run };
