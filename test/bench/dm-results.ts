/**
 * Generates the benchmark's DM Results messages: the answer of a handset to
 * `Get ./CIMO?list=StructData` with `n` items, each with Source/LocURI, Meta Format and
 * Type, and non-ASCII data — the shape a console sees when it reads a large CIMO tree.
 * Deterministic for a given `n`.
 */

const NAMES = [
  'Åsa Öberg',
  'Zoë Ñúñez',
  '张伟',
  'Дмитрий Иванов',
  'Ήλιος',
  'José Müller',
  'Łukasz Żółw',
];
const FORMATS = ['chr', 'int', 'bool', 'b64', 'node'] as const;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The value and Meta of item `i`. */
function itemOf(i: number): {
  uri: string;
  format: string;
  type: string;
  data: string | undefined;
} {
  const group = Math.floor(i / 10);
  const leaf = i % 10;
  const format = FORMATS[i % FORMATS.length] ?? 'chr';
  const uri = `./CIMO/InfoList/Item${group}/Entry${leaf}`;
  switch (format) {
    case 'node':
      return { uri, format, type: 'urn:oma:mo:oma-cimo:1.0', data: undefined };
    case 'int':
      return { uri, format, type: 'text/plain', data: String((i * 7919) % 100000) };
    case 'bool':
      return { uri, format, type: 'text/plain', data: i % 3 === 0 ? 'true' : 'false' };
    case 'b64':
      return { uri, format, type: 'image/jpeg', data: 'LzlqLzRBQVFTa1pKUmdBQkFRRUFTQUJJQUFE' };
    default:
      return {
        uri,
        format,
        type: 'text/plain',
        data: `${NAMES[i % NAMES.length] ?? ''} <${i}> & Co — ☎ +46 70 ${String(i).padStart(6, '0')}`,
      };
  }
}

/** A complete SyncML DM 1.2 XML message (pkg 3) carrying one Results with `n` items. */
export function dmResultsXml(n: number): string {
  const parts: string[] = [];
  parts.push(
    '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>',
    '<SessionID>1A2B</SessionID><MsgID>3</MsgID>',
    '<Target><LocURI>https://console.local/dm</LocURI></Target>',
    '<Source><LocURI>IMEI:490154203237518</LocURI></Source></SyncHdr><SyncBody>',
    '<Status><CmdID>1</CmdID><MsgRef>2</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd>',
    '<TargetRef>IMEI:490154203237518</TargetRef><SourceRef>https://console.local/dm</SourceRef><Data>200</Data></Status>',
    '<Status><CmdID>2</CmdID><MsgRef>2</MsgRef><CmdRef>4</CmdRef><Cmd>Get</Cmd>',
    '<TargetRef>./CIMO?list=StructData</TargetRef><Data>200</Data></Status>',
    '<Results><CmdID>3</CmdID><MsgRef>2</MsgRef><CmdRef>4</CmdRef>',
  );
  for (let i = 0; i < n; i++) {
    const it = itemOf(i);
    parts.push(
      '<Item><Source><LocURI>',
      it.uri,
      '</LocURI></Source><Meta><Format xmlns="syncml:metinf">',
      it.format,
      '</Format><Type xmlns="syncml:metinf">',
      it.type,
      '</Type></Meta>',
      it.data === undefined ? '' : `<Data>${escapeXml(it.data)}</Data>`,
      '</Item>',
    );
  }
  parts.push('</Results><Final/></SyncBody></SyncML>');
  return parts.join('');
}
