/**
 * Fuzzes `decodePkg0` (strict and lenient) and `verifyPkg0WithResync`. Beyond "value or
 * DecodeError" it checks that a decoded package re-encodes to the same trigger bytes, so a
 * decoder that misreads a field is a finding too.
 */
import { fromHex } from '../../../protocol/bytes/hex.js';
import {
  decodePkg0,
  encodePkg0,
  Initiator,
  UiMode,
  verifyPkg0WithResync,
} from '../../../protocol/pkg0/index.js';
import type { FuzzTarget } from '../target.js';

const CREDS = {
  serverId: 'com.example.dms',
  serverPassword: 'srvsecret',
  nonce: new Uint8Array(4),
};

/** buteo-syncml `tests_meego/data/SAN01.bin` (DS 1.2 SAN, version 12). */
const SAN01 =
  '0179ab671b68f26698269b4ca78222ad0318000000000012504320537569746520446174612053796e63' +
  '106000000008436f6e7461637473';

function seeds(): Uint8Array[] {
  return [
    encodePkg0(
      {
        version: 12,
        uiMode: UiMode.Background,
        initiator: Initiator.Server,
        sessionId: 0x1234,
        serverId: CREDS.serverId,
      },
      CREDS,
    ),
    encodePkg0(
      {
        version: 11,
        uiMode: UiMode.UserInteraction,
        initiator: Initiator.Client,
        sessionId: 0xffff,
        serverId: 'x',
        vendorSpecific: Uint8Array.of(1, 2, 3, 0xff),
      },
      { ...CREDS, nonce: Uint8Array.of(7, 7) },
    ),
    fromHex(SAN01),
  ];
}

function run(input: Uint8Array): void {
  verifyPkg0WithResync(input, CREDS);
  const p = decodePkg0(input, { lenientVersion: true });
  try {
    decodePkg0(input);
  } catch (e) {
    if (p.version === 11 || p.version === 12) throw e; // strict must agree for known versions
  }
  if (p.futureUse === 0) {
    const again = encodePkg0(p, CREDS).subarray(16);
    const same = again.length === p.trigger.length && again.every((b, i) => b === p.trigger[i]);
    if (!same) throw new Error('pkg0: decoded fields do not re-encode to the same trigger');
  }
}

/** The package #0 decoder target. */
export const target: FuzzTarget = { name: 'pkg0-decode', seeds, run };
