/**
 * Every fuzz target, in the order `npm run fuzz` runs them. Add a target by importing its
 * module here; names must be unique.
 */
import type { FuzzTarget } from '../target.js';
import { target as ddfParse } from './ddf-parse.js';
import { target as hmacHeader } from './hmac-header.js';
import { target as obexPacket, listingTarget as obexFolderListing } from './obex-packet.js';
import { target as pkg0Decode } from './pkg0-decode.js';
import { target as syncmlDecode } from './syncml-decode.js';
import { target as tndsDecode } from './tnds-decode.js';
import { target as usbDescriptors } from './usb-descriptors.js';
import { target as wbxmlDecode } from './wbxml-decode.js';
import { target as xmlDecode } from './xml-decode.js';

/** The registered targets, cheapest layers first. */
export const targets: readonly FuzzTarget[] = [
  wbxmlDecode,
  xmlDecode,
  syncmlDecode,
  tndsDecode,
  ddfParse,
  obexPacket,
  obexFolderListing,
  pkg0Decode,
  hmacHeader,
  usbDescriptors,
];
