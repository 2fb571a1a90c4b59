/**
 * Fuzzes the OBEX packet decoder (as request, as response, as Connect response) and the
 * folder-listing parser. Whatever decodes must re-encode and decode to the same packet.
 */
import { decodePacket, encodePacket } from '../../../protocol/obex/packet.js';
import type { ObexPacket, PacketDecodeOptions } from '../../../protocol/obex/packet.js';
import { encodeFolderListing, parseFolderListing } from '../../../protocol/obex/folder-listing.js';
import type { FuzzTarget } from '../target.js';

const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));

const PACKET_SEEDS: readonly ObexPacket[] = [
  { code: 0xd3, headers: [] },
  { code: 0xa0, headers: [] },
  {
    code: 0x80,
    connect: { version: 0x10, flags: 0, maxPacketLength: 0xffff },
    headers: [{ id: 0x46, kind: 'bytes', value: new TextEncoder().encode('SYNCML-DM') }],
  },
  {
    code: 0x82,
    headers: [
      { id: 0xcb, kind: 'u32', value: 1 },
      { id: 0x01, kind: 'unicode', value: 'a' },
      {
        id: 0x42,
        kind: 'bytes',
        value: new TextEncoder().encode('application/vnd.syncml.dm+wbxml\0'),
      },
      { id: 0xc3, kind: 'u32', value: 3 },
      { id: 0x49, kind: 'bytes', value: Uint8Array.of(1, 2, 3) },
    ],
  },
  { code: 0x85, setPath: { flags: 3, constants: 0 }, headers: [] },
  {
    code: 0x83,
    headers: [
      { id: 0x01, kind: 'unicode', value: 'AB' },
      { id: 0x93, kind: 'byte', value: 7 },
    ],
  },
];

/** Decoder contexts tried for each input: the first byte of the input picks one. */
const CONTEXTS: readonly PacketDecodeOptions[] = [
  { isResponse: false },
  { isResponse: true },
  { isResponse: true, forConnect: true },
];

function packetSeeds(): Uint8Array[] {
  // buteo obexresp01.bin (Connect response, ConnID 1, Who SYNCML-SYNC) plus encoded packets.
  return [
    hex('a0001a1000ffffcb000000014a000e53594e434d4c2d53594e43'),
    ...PACKET_SEEDS.map((p) => encodePacket(p)),
  ];
}

function sameJson(a: ObexPacket, b: ObexPacket): boolean {
  const j = (p: ObexPacket): string =>
    JSON.stringify(p, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
  return j(a) === j(b);
}

function runPacket(input: Uint8Array): void {
  for (const options of CONTEXTS) {
    let packet: ObexPacket;
    try {
      packet = decodePacket(input, options);
    } catch (e) {
      // DecodeError is the expected failure; let anything else propagate.
      if ((e as { decodeError?: unknown }).decodeError === true) continue;
      throw e;
    }
    const again = decodePacket(encodePacket(packet, options), options);
    if (!sameJson(packet, again))
      throw new Error('obex: decode → encode → decode changed the packet');
  }
}

/** OBEX packet decoder target. */
export const target: FuzzTarget = { name: 'obex-packet', seeds: packetSeeds, run: runPacket };

const LISTING_SEEDS = [
  '<?xml version="1.0"?>\n<!DOCTYPE folder-listing SYSTEM "obex-folder-listing.dtd">\n<folder-listing version="1.0"><parent-folder/><folder name="Images" modified="20040101T101010Z"/><file name="caf&#233;.jpg" size="12" user-perm="RW"/></folder-listing>',
  '<folder-listing/>',
];

function runListing(input: Uint8Array): void {
  let listing;
  try {
    listing = parseFolderListing(input);
  } catch (e) {
    if ((e as { decodeError?: unknown }).decodeError === true) return;
    throw e;
  }
  // Names that XML cannot carry cannot come out of the parser, so the rebuild must succeed.
  const again = parseFolderListing(encodeFolderListing(listing));
  if (again.entries.length !== listing.entries.length)
    throw new Error('folder-listing: rebuild lost entries');
}

/** Folder-listing parser target. */
export const listingTarget: FuzzTarget = {
  name: 'obex-folder-listing',
  seeds: () => LISTING_SEEDS.map((s) => new TextEncoder().encode(s)),
  run: runListing,
};

/** Both targets of this module. */
export const targets: readonly FuzzTarget[] = [target, listingTarget];
