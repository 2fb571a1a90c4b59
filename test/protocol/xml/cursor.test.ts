import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, readMessage } from '../../../protocol/syncml/index.js';
import { openWbxml, decodeWbxml } from '../../../protocol/wbxml/decode.js';
import { Ev, readDocument, TreeCursor } from '../../../protocol/xml/cursor.js';
import type { EventCursor } from '../../../protocol/xml/cursor.js';
import { openXml, parseXml } from '../../../protocol/xml/parse-xml.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every event of a cursor as a readable line, EOF included. */
function events(cur: EventCursor): string[] {
  const out: string[] = [];
  for (;;) {
    const k = cur.next();
    if (k === Ev.START) out.push(`S ${cur.ns} ${cur.name} ${cur.depth}`);
    else if (k === Ev.END) out.push(`E ${cur.name} ${cur.depth}`);
    else if (k === Ev.TEXT) out.push(`T ${cur.text}`);
    else if (k === Ev.OPAQUE) out.push(`O ${Array.from(cur.bytes).join(',')}`);
    else {
      out.push('EOF');
      expect(cur.next()).toBe(Ev.EOF);
      return out;
    }
  }
}

const XML =
  '<SyncML xmlns="SYNCML:SYNCML1.2"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>' +
  '<SessionID>7</SessionID><MsgID>1</MsgID><Target><LocURI>a</LocURI></Target><Source>' +
  '<LocURI>b</LocURI></Source></SyncHdr>\n  <SyncBody><Results><CmdID>1</CmdID><CmdRef>2</CmdRef>' +
  '<Item><Source><LocURI>./x</LocURI></Source><Meta><Format xmlns="syncml:metinf">chr</Format>' +
  '</Meta><Data>Åsa &amp; <![CDATA[<Co>]]> ☎</Data></Item></Results><Final/></SyncBody></SyncML>';

describe('EventCursor', () => {
  it('gives the same events from XML, from its WBXML encoding and from the decoded tree', () => {
    const xmlEvents = events(openXml(utf8(XML)));
    expect(xmlEvents).toContain('T Åsa & <Co> ☎');
    expect(xmlEvents).toContain('S syncml:metinf Format 6');
    expect(xmlEvents.filter((e) => e.startsWith('T ') && e.trim() === 'T')).toEqual([]);
    expect(events(new TreeCursor(parseXml(XML)))).toEqual(xmlEvents);
    const { message } = decodeMessage(utf8(XML));
    const written = events(openXml(encodeMessage(message, 'xml')));
    const wbxml = encodeMessage(message, 'wbxml');
    expect(events(openWbxml(wbxml).cursor)).toEqual(written);
    expect(events(new TreeCursor(decodeWbxml(wbxml).root))).toEqual(written);
  });

  it('keeps an XML document split across many parser slices intact', () => {
    const big = `<a>${'<b>Zoë 😀\r\n</b>'.repeat(20000)}</a>`;
    const root = readDocument(openXml(big));
    expect(root.children).toHaveLength(20000);
    expect(root.children.every((c) => JSON.stringify(c).includes('Zoë 😀\\n'))).toBe(true);
  });

  it('reads the same model from the wire as from the tree', () => {
    const ctx = { binding: 'xml' as const, maxDepth: 128, warn: () => {} };
    expect(decodeMessage(utf8(XML)).message).toEqual(readMessage(parseXml(XML), ctx));
  });

  it('reports a lower-layer error found after a SyncML one, as a whole-document parse would', () => {
    const bad = XML.replace('<Final/>', '<Status><CmdID>1</CmdID></Status><Final/>').replace(
      '</SyncML>',
      '</SyncML',
    );
    expect(() => decodeMessage(utf8(bad))).toThrow(/xml: /);
  });
});
