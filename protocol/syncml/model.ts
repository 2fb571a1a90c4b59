/**
 * Typed model of a SyncML message as used by OMA DM 1.2 (and 1.1 on input), plus the
 * SyncML DS elements found in real traffic (Sync, Map, Put, …) so that any SyncML message
 * decodes and re-encodes. Element names and order follow the SyncML RepPro 1.2 DTD
 * (OMA-TS-SyncML_RepPro_DTD-V1_2); the DM usage rules are PROTOCOL-FACTS §1.
 *
 * Conventions:
 * - Identifiers (`CmdID`, `MsgID`, `MsgRef`, `CmdRef`, `SessionID`) stay strings, exactly
 *   as sent (SyncML defines them as PCDATA; `"01"` and `"1"` are different on the wire).
 * - Text values never start or end with XML whitespace (space, TAB, CR, LF): decoders trim
 *   them (with a warning), as libwbxml does. A value whose edges matter travels as bytes.
 * - Status and Alert codes are numbers; Meta sizes are numbers.
 * - Optional elements are optional properties; absent means the element was absent.
 */
import type { XmlElement } from '../xml/element.js';

/** `Target` / `Source`: a URI and an optional display name (user name in SyncHdr Source). */
export interface LocRef {
  readonly locURI: string;
  readonly locName?: string;
}

/** MetInf `Anchor` (DS sync anchors). */
export interface Anchor {
  readonly last?: string;
  readonly next?: string;
}

/** MetInf `Mem` (DS free memory report). */
export interface Mem {
  readonly sharedMem?: boolean;
  readonly freeMem?: number;
  readonly freeID?: number;
}

/**
 * `Meta` = the MetInf 1.2 fields (namespace `syncml:metinf`, PROTOCOL-FACTS §2.4).
 * `type` holds the XML form of embedded-document types (`…+xml`); the WBXML binding
 * rewrites it to `…+wbxml` on the wire.
 */
export interface Meta {
  readonly fieldLevel?: boolean;
  readonly format?: string;
  readonly type?: string;
  readonly mark?: string;
  readonly size?: number;
  readonly anchor?: Anchor;
  readonly version?: string;
  /** Raw nonce bytes: OPAQUE in WBXML, base64 text in XML. */
  readonly nextNonce?: Uint8Array;
  readonly maxMsgSize?: number;
  readonly maxObjSize?: number;
  readonly emi?: readonly string[];
  readonly mem?: Mem;
}

/** `Cred`: credentials (SyncHdr only in DM; PROTOCOL-FACTS §3.1). `data` is b64 text. */
export interface Cred {
  readonly meta?: Meta;
  readonly data: string;
}

/** `Chal`: an authentication challenge on a Status (Type, Format, NextNonce). */
export interface Chal {
  readonly meta: Meta;
}

/**
 * `Data` content:
 * - `text`: character data (node values, b64 text, codes);
 * - `bytes`: binary: WBXML OPAQUE under Meta Format `bin` (or not UTF-8); written as
 *   base64 text in XML, where it reads back as `text`;
 * - `xml`: an embedded document or element — DevInf (`syncml:devinf`), TNDS/DDF
 *   (`syncml:dmddf1.2`) or a MetInf element such as `Anchor`. DevInf/TNDS travel inline in
 *   XML and as separate WBXML documents inside OPAQUE in WBXML (PROTOCOL-FACTS §2.6).
 */
export type Data =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'xml'; readonly element: XmlElement };

/** `Item`: one node operand of a command. */
export interface Item {
  readonly target?: LocRef;
  readonly source?: LocRef;
  readonly sourceParent?: LocRef;
  readonly targetParent?: LocRef;
  readonly meta?: Meta;
  readonly data?: Data;
  /** `<MoreData/>`: this is a non-final chunk of a large object (§1.7). */
  readonly moreData?: boolean;
}

/** `SyncHdr` (PROTOCOL-FACTS §1.2). */
export interface SyncHdr {
  /** `1.2` for DM 1.2, `1.1` for DM 1.1. */
  readonly verDTD: string;
  /** `DM/1.2` (DS uses `SyncML/1.2`). */
  readonly verProto: string;
  readonly sessionId: string;
  readonly msgId: string;
  readonly target: LocRef;
  readonly source: LocRef;
  readonly respURI?: string;
  readonly noResp?: boolean;
  readonly cred?: Cred;
  /** MaxMsgSize / MaxObjSize advertised for the session. */
  readonly meta?: Meta;
}

/** Fields every command has. */
interface CommandBase {
  readonly cmdId: string;
  readonly noResp?: boolean;
}

/** Add, Copy, Delete, Get, Put, Replace, Exec: a command acting on items. */
export interface ItemCommand extends CommandBase {
  readonly kind: 'Add' | 'Copy' | 'Delete' | 'Exec' | 'Get' | 'Put' | 'Replace';
  /** DS `Archive` flag (Delete only). */
  readonly archive?: boolean;
  /** DS `SftDel` flag (Delete only). */
  readonly sftDel?: boolean;
  /** DS `Lang` (Get/Put only). */
  readonly lang?: string;
  readonly cred?: Cred;
  readonly meta?: Meta;
  /** Exec only: correlates a later Generic Alert (1226) with this Exec. */
  readonly correlator?: string;
  readonly items: readonly Item[];
}

/** `Alert` (codes in alert-codes.ts). */
export interface AlertCommand extends CommandBase {
  readonly kind: 'Alert';
  readonly cred?: Cred;
  /** Alert code from `Data`; absent only in malformed peers' messages. */
  readonly code?: number;
  readonly correlator?: string;
  readonly items: readonly Item[];
}

/** `Atomic` / `Sequence`: ordered container commands. */
export interface ContainerCommand extends CommandBase {
  readonly kind: 'Atomic' | 'Sequence';
  readonly meta?: Meta;
  readonly commands: readonly Command[];
}

/** DS `Sync` container. */
export interface SyncCommand extends CommandBase {
  readonly kind: 'Sync';
  readonly cred?: Cred;
  readonly target?: LocRef;
  readonly source?: LocRef;
  readonly meta?: Meta;
  readonly numberOfChanges?: number;
  readonly commands: readonly Command[];
}

/** DS `Map` with its `MapItem`s. */
export interface MapCommand {
  readonly kind: 'Map';
  readonly cmdId: string;
  readonly target: LocRef;
  readonly source: LocRef;
  readonly cred?: Cred;
  readonly meta?: Meta;
  readonly mapItems: readonly { readonly target: LocRef; readonly source: LocRef }[];
}

/** `Results`: the answer to a Get (sent after its Status). */
export interface ResultsCommand {
  readonly kind: 'Results';
  readonly cmdId: string;
  readonly msgRef?: string;
  readonly cmdRef: string;
  readonly meta?: Meta;
  readonly targetRef?: string;
  readonly sourceRef?: string;
  readonly items: readonly Item[];
}

/** `Status` (PROTOCOL-FACTS §1.4; codes in status-codes.ts). */
export interface StatusCommand {
  readonly kind: 'Status';
  readonly cmdId: string;
  readonly msgRef: string;
  /** `0` when the status answers the SyncHdr. */
  readonly cmdRef: string;
  /** Name of the answered command (`SyncHdr`, `Get`, …). */
  readonly cmd: string;
  readonly targetRefs: readonly string[];
  readonly sourceRefs: readonly string[];
  readonly cred?: Cred;
  readonly chal?: Chal;
  readonly code: number;
  readonly items: readonly Item[];
}

/** A command this model does not type (e.g. DS `Search`, `Move`): kept verbatim. */
export interface UnknownCommand {
  readonly kind: 'Unknown';
  readonly element: XmlElement;
}

/** Every SyncBody command, discriminated on `kind`. */
export type Command =
  | ItemCommand
  | AlertCommand
  | ContainerCommand
  | SyncCommand
  | MapCommand
  | ResultsCommand
  | StatusCommand
  | UnknownCommand;

/** One SyncML message: header, body commands in order, and whether `Final` is present. */
export interface SyncMLMessage {
  readonly header: SyncHdr;
  readonly commands: readonly Command[];
  readonly final: boolean;
}

/** The item-command kinds, for narrowing. */
export const ITEM_COMMAND_KINDS: ReadonlySet<string> = new Set([
  'Add',
  'Copy',
  'Delete',
  'Exec',
  'Get',
  'Put',
  'Replace',
]);

/** MIME types of documents embedded in `Data` (XML form) → their WBXML twins (§2.6). */
export const EMBEDDED_TYPES: ReadonlyMap<string, string> = new Map([
  ['application/vnd.syncml-devinf+xml', 'application/vnd.syncml-devinf+wbxml'],
  ['application/vnd.syncml.dmtnds+xml', 'application/vnd.syncml.dmtnds+wbxml'],
  ['application/vnd.syncml.dmddf+xml', 'application/vnd.syncml.dmddf+wbxml'],
]);
