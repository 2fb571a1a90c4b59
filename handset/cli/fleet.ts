/**
 * Starting handsets with their links: what `cimo-handset start` does for each one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHandset } from '../device/create.js';
import { Handset } from '../device/handset.js';
import type { AskOwner, ConsentPolicy } from '../device/consent.js';
import type { PersonaName } from '../device/persona.js';
import { startHttpCaller } from '../links/http-caller.js';
import type { HttpCaller } from '../links/http-caller.js';
import { hostObexSerial, hostObexTcp } from '../links/obex-host.js';
import type { LinkShaping, ObexHost } from '../links/obex-host.js';
import { startPtyPair } from '../links/pty-pair.js';
import { releaseLock, takeLock, writeProfile } from './member-files.js';
import type { PtyPair } from '../links/pty-pair.js';

/** What one handset of a fleet is started with. */
export interface FleetMemberOptions {
  /** 1-based position in the fleet (names its folder and offsets its ports). */
  readonly index: number;
  /** The fleet's folder; the handset lives in `<root>/handset-NN`. */
  readonly root: string;
  readonly persona: PersonaName;
  readonly profile: string;
  /** This handset's seed (the fleet's seed + index − 1). */
  readonly seed: number;
  /** OBEX over TCP on this port (0 = any free one), or undefined for none. */
  readonly obexTcpPort?: number | undefined;
  /** Make a pty pair in the handset's folder and serve OBEX on it. */
  readonly pty?: boolean | undefined;
  /** Serve OBEX on this serial device. */
  readonly serial?: string | undefined;
  readonly baudRate?: number | undefined;
  /** Call this console DM endpoint over HTTP. */
  readonly http?: string | undefined;
  /** Package #0 UDP port for an HTTP handset (0 = any free one). */
  readonly pkg0Port?: number | undefined;
  readonly shaping?: LinkShaping | undefined;
  readonly consent: ConsentPolicy;
  readonly askOwner?: AskOwner | undefined;
  readonly crashDuring?: string | undefined;
  readonly log: (line: string) => void;
  /** What the owner sees on the handset's screen. */
  readonly show: (text: string) => void;
}

/** A handset that is up, with how to reach it. */
export interface FleetMember {
  readonly index: number;
  readonly dir: string;
  readonly handset: Handset;
  /** One line per way in, e.g. `obex tcp 127.0.0.1:6501`, `serial /…/console.pty`. */
  readonly reach: readonly string[];
  /** True when the folder was made (and seeded) by this start. */
  readonly created: boolean;
  close(): Promise<void>;
}

/** `<root>/handset-01` … */
export function memberDir(root: string, index: number): string {
  return join(root, `handset-${String(index).padStart(2, '0')}`);
}

/**
 * Opens (creating and seeding it the first time) one handset and starts its links. A
 * handset folder that exists keeps its identity and data: a restart is a restart, not a
 * new phone. On failure everything started so far is closed again.
 */
export async function startMember(o: FleetMemberOptions): Promise<FleetMember> {
  const dir = memberDir(o.root, o.index);
  let created = false;
  if (!existsSync(join(dir, 'identity.json'))) {
    await createHandset(dir, { persona: o.persona, seed: o.seed, profile: o.profile });
    await writeProfile(dir, o.profile);
    created = true;
  }
  const holder = await takeLock(dir);
  if (holder !== undefined) throw new Error(`${dir} is already served by ${holder}`);
  let handset: Handset;
  try {
    handset = await Handset.open({
      dir,
      consent: o.consent,
      ...(o.askOwner === undefined ? {} : { askOwner: o.askOwner }),
      ...(o.crashDuring === undefined ? {} : { crashDuring: o.crashDuring }),
      log: o.log,
      show: o.show,
    });
  } catch (e) {
    await releaseLock(dir);
    throw e;
  }
  const hosts: ObexHost[] = [];
  let pty: PtyPair | undefined;
  let http: HttpCaller | undefined;
  const reach: string[] = [];
  const common = {
    services: () => handset.obexServices(),
    shaping: o.shaping,
    maxPacketLength: handset.persona.name === 'feature-phone' ? 2048 : undefined,
    log: o.log,
  };
  const close = async (): Promise<void> => {
    await http?.close();
    for (const h of hosts) await h.close();
    await pty?.close();
    await handset.close();
    await releaseLock(dir);
  };
  try {
    if (o.obexTcpPort !== undefined) {
      const h = await hostObexTcp({ ...common, port: o.obexTcpPort });
      hosts.push(h);
      reach.push(`obex tcp 127.0.0.1:${h.port ?? '?'}`);
    }
    if (o.pty === true) {
      pty = await startPtyPair({ dir, log: o.log });
      hosts.push(await hostObexSerial({ ...common, path: pty.handsetPath }));
      reach.push(`obex serial ${pty.consolePath}`);
    }
    if (o.serial !== undefined) {
      hosts.push(
        await hostObexSerial({
          ...common,
          path: o.serial,
          ...(o.baudRate === undefined ? {} : { baudRate: o.baudRate }),
        }),
      );
      reach.push(`obex serial ${o.serial}`);
    }
    if (o.http !== undefined) {
      http = await startHttpCaller(handset, { url: o.http, pkg0Port: o.pkg0Port, log: o.log });
      reach.push(
        `http → ${o.http}${http.pkg0Port === undefined ? '' : ` (package #0 on udp 127.0.0.1:${http.pkg0Port})`}`,
      );
    }
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  return { index: o.index, dir, handset, reach, created, close };
}
