/**
 * A handset's identity (`<dir>/identity.json`): IMEI, what it says in DevInfo/DevDetail,
 * its persona, and its account with the console (DMAcc). Written once at creation;
 * everything that changes lives in `state.json`.
 */
import { createHash } from 'node:crypto';
import type { DmAuthType } from '../../protocol/session/index.js';
import { readJson, writeFileAtomic } from './atomic-file.js';
import { HandsetDirError } from './errors.js';
import { isPersonaName, PERSONAS } from './persona.js';
import type { PersonaName } from './persona.js';

/** The console as this handset's DM server (`./DMAcc/<account>`). */
export interface ServerAccount {
  /** `ServerID`: the id ACLs name and package #0 carries. */
  readonly serverId: string;
  /** `AppAddr/1/Addr`: where an HTTP handset calls the console. */
  readonly addrUri: string;
  /** Authentication both ways; `none` sends and checks no credentials. */
  readonly authType: DmAuthType | 'none';
  /** Our credentials towards the console (CLCRED). */
  readonly clientUsername: string;
  readonly clientPassword: string;
  /** What the console must present (SRVCRED); the user name is the server id. */
  readonly serverPassword: string;
}

/** The content of `identity.json`. */
export interface HandsetIdentity {
  readonly version: 1;
  readonly persona: PersonaName;
  /** Seed the data and the identity were generated from. */
  readonly seed: number;
  /** 15 digits, the last a Luhn check digit. */
  readonly imei: string;
  /** `./DevInfo/DevId`: `IMEI:<imei>`. */
  readonly devId: string;
  readonly man: string;
  readonly mod: string;
  readonly oem: string;
  readonly devTyp: string;
  readonly fwV: string;
  readonly swV: string;
  readonly hwV: string;
  readonly lang: string;
  readonly server: ServerAccount;
}

/** The Luhn check digit (0–9) for a string of decimal digits. */
export function luhnCheckDigit(digits: string): number {
  if (!/^[0-9]+$/.test(digits)) throw new TypeError(`not decimal digits: ${digits}`);
  let sum = 0;
  // The digit next to the (missing) check digit is doubled, and every second one from it.
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for 15 digits whose last is the Luhn check digit of the first 14. */
export function isValidImei(imei: string): boolean {
  return /^[0-9]{15}$/.test(imei) && luhnCheckDigit(imei.slice(0, 14)) === Number(imei[14]);
}

/** Options of {@link makeIdentity}. */
export interface IdentityOptions {
  readonly persona?: PersonaName;
  /** Any integer; the same seed gives the same identity. Default 1. */
  readonly seed?: number;
  readonly serverId?: string;
  readonly addrUri?: string;
  readonly authType?: DmAuthType | 'none';
  readonly lang?: string;
}

/** Deterministic 6-digit serial and passwords from the seed. */
function derive(seed: number, what: string): string {
  return createHash('sha256').update(`cimo-handset/${seed}/${what}`).digest('hex');
}

/**
 * A new identity, deterministic for persona + seed: IMEI = the persona's TAC, a 6-digit
 * serial from the seed, the Luhn check digit; passwords derived from the seed (a lab
 * handset, not a secret store). Defaults: server id `cimo-console`, address
 * `http://127.0.0.1:8080/dm`, MD5 both ways, language `en-US`.
 */
export function makeIdentity(options: IdentityOptions = {}): HandsetIdentity {
  const persona = PERSONAS[options.persona ?? 'cimo'];
  const seed = options.seed ?? 1;
  const serial = String(parseInt(derive(seed, 'serial').slice(0, 12), 16) % 1_000_000).padStart(
    6,
    '0',
  );
  const body = persona.tac + serial;
  const imei = body + String(luhnCheckDigit(body));
  return {
    version: 1,
    persona: persona.name,
    seed,
    imei,
    devId: `IMEI:${imei}`,
    man: persona.man,
    mod: persona.mod,
    oem: persona.oem,
    devTyp: persona.devTyp,
    fwV: persona.fwV,
    swV: persona.swV,
    hwV: persona.hwV,
    lang: options.lang ?? 'en-US',
    server: {
      serverId: options.serverId ?? 'cimo-console',
      addrUri: options.addrUri ?? 'http://127.0.0.1:8080/dm',
      authType: options.authType ?? 'md5',
      clientUsername: `handset-${imei}`,
      clientPassword: derive(seed, 'client-password').slice(0, 16),
      serverPassword: derive(seed, 'server-password').slice(0, 16),
    },
  };
}

/** Writes `identity.json` atomically. */
export function saveIdentity(path: string, id: HandsetIdentity): Promise<void> {
  return writeFileAtomic(path, JSON.stringify(id, null, 2) + '\n');
}

/** Reads and checks `identity.json`; `HandsetDirError` when missing or malformed. */
export async function loadIdentity(path: string): Promise<HandsetIdentity> {
  const raw = await readJson(path);
  const bad = (what: string): never => {
    throw new HandsetDirError(path, 'malformed', what);
  };
  if (typeof raw !== 'object' || raw === null) return bad('not an object');
  const o = raw as Record<string, unknown>;
  if (o['version'] !== 1) bad('unknown version');
  if (typeof o['persona'] !== 'string' || !isPersonaName(o['persona'])) bad('unknown persona');
  if (typeof o['imei'] !== 'string' || !isValidImei(o['imei'])) bad('IMEI with a bad check digit');
  for (const k of ['devId', 'man', 'mod', 'oem', 'devTyp', 'fwV', 'swV', 'hwV', 'lang']) {
    if (typeof o[k] !== 'string') bad(`${k} is not a string`);
  }
  const s = o['server'];
  if (typeof s !== 'object' || s === null) return bad('no server account');
  const acc = s as Record<string, unknown>;
  for (const k of ['serverId', 'addrUri', 'clientUsername', 'clientPassword', 'serverPassword']) {
    if (typeof acc[k] !== 'string') bad(`server.${k} is not a string`);
  }
  if (!['basic', 'md5', 'hmac', 'none'].includes(String(acc['authType']))) {
    bad('server.authType is not basic, md5, hmac or none');
  }
  return raw as HandsetIdentity;
}
