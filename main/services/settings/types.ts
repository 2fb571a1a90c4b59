/** What the console's settings hold (`settings.json` in the data folder). */
import type { DmAuthType } from '../../../protocol/session/index.js';

/** The console's DM account on a handset (DMAcc): both directions of authentication. */
export interface DmCredentials {
  /** Our ServerID on the handset (also the user name we present). */
  readonly serverId: string;
  /** SRVCRED secret: what we present, and the key of package #0's digest. */
  readonly serverPassword: string;
  /** CLCRED: what the handset must present to us. */
  readonly clientUsername: string;
  readonly clientPassword: string;
  /** `none`: no credentials either way (lab handsets). */
  readonly authType: DmAuthType | 'none';
}

/**
 * Credentials for the handsets a rule matches. Rules are tried in order; the first
 * that matches wins. A rule with no match fields matches every handset (a default).
 */
export interface CredentialRule {
  /** IMEI (15 digits) or DevId as the handset reports it. */
  readonly imei?: string;
  readonly devId?: string;
  /** DevInfo Mod (the model), for a fleet of one model sharing an account. */
  readonly model?: string;
  /** Link description before identification, e.g. `tcp 127.0.0.1:6500`. */
  readonly link?: string;
  readonly credentials: DmCredentials;
}

/** Where the console looks for handsets besides USB and listed serial ports. */
export interface NetworkHandsets {
  /** OBEX over TCP endpoints (`host:port`), e.g. reference handsets' `--obex-tcp`. */
  readonly obexTcp: readonly string[];
  /** Extra serial device paths or globs (ptys, `/dev/rfcomm*`). */
  readonly serialPaths: readonly string[];
  /** Package #0 UDP address (`host:port`) by DevId, to wake an HTTP handset. */
  readonly wake: Readonly<Record<string, string>>;
}

/** Policies and identity; the operator-visible part mirrors the IPC `Settings`. */
export interface ConsoleSettings {
  readonly version: 1;
  /** The operator signed in; audit records name them. */
  readonly operator: string;
  /** Our server id when a credential rule does not say otherwise. */
  readonly serverId: string;
  /** Wipe / factory reset need a verified retrieval of each item or a waiver. */
  readonly requireRetrievalBeforeWipe: boolean;
  /** How owner consent is obtained before destructive operations. */
  readonly consentPolicy: 'handset' | 'ui-alert' | 'not-required';
  /** Encoding of the DM messages the console sends. */
  readonly defaultEncoding: 'wbxml' | 'xml';
  readonly credentials: readonly CredentialRule[];
  readonly network: NetworkHandsets;
}

/** What a fresh data folder starts with. */
export const DEFAULT_SETTINGS: ConsoleSettings = {
  version: 1,
  operator: 'operator',
  serverId: 'cimo-console',
  requireRetrievalBeforeWipe: true,
  consentPolicy: 'not-required',
  defaultEncoding: 'wbxml',
  credentials: [],
  network: { obexTcp: [], serialPaths: [], wake: {} },
};
