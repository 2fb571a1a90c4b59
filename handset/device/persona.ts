/**
 * Personas: what kind of handset this is — which lock-and-wipe MO it carries and where,
 * what it can decode, how big its messages may be, and what it says about itself in
 * DevInfo/DevDetail.
 */
import { AlertType, MoId } from '../../protocol/cimo/ids.js';
import { CIMO_OPERATIONS, LAWMO_OPERATIONS } from '../../protocol/cimo/paths.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import { DEFAULT_MAX_MSG_SIZE, DEFAULT_MAX_OBJ_SIZE } from '../../protocol/session/index.js';

/** The personas a handset can have. */
export const PERSONA_NAMES = ['cimo', 'lawmo', 'feature-phone'] as const;
/** One of {@link PERSONA_NAMES}. */
export type PersonaName = (typeof PERSONA_NAMES)[number];

/** True when `s` names a persona. */
export function isPersonaName(s: string): s is PersonaName {
  return (PERSONA_NAMES as readonly string[]).includes(s);
}

/** Fixed traits of a persona. */
export interface Persona {
  readonly name: PersonaName;
  /** The MO the handset carries. */
  readonly mo: 'cimo' | 'lawmo';
  /** Its root Type (`urn:oma:mo:oma-cimo:1.0` / `…lawmo…`). */
  readonly moId: string;
  /** Where it sits in the tree. */
  readonly moUri: string;
  /** Meta Type of the OperationComplete Generic Alert. */
  readonly alertType: string;
  /** The Exec nodes under `Operations/`. */
  readonly operations: readonly string[];
  /** Encodings the handset decodes; a package in another one ends the session. */
  readonly encodings: readonly SyncMLEncoding[];
  /** MaxMsgSize / MaxObjSize advertised in our SyncHdr Meta. */
  readonly maxMsgSize: number;
  readonly maxObjSize: number;
  /** `./DevDetail/LrgObj`. */
  readonly lrgObj: boolean;
  readonly man: string;
  readonly mod: string;
  readonly oem: string;
  readonly devTyp: string;
  readonly fwV: string;
  readonly swV: string;
  readonly hwV: string;
  /** Type Allocation Code: the first 8 digits of the IMEI. */
  readonly tac: string;
}

const SMARTPHONE = {
  encodings: ['wbxml', 'xml'] as const,
  maxMsgSize: DEFAULT_MAX_MSG_SIZE,
  maxObjSize: DEFAULT_MAX_OBJ_SIZE,
  lrgObj: true,
};

/** The personas by name. */
export const PERSONAS: Readonly<Record<PersonaName, Persona>> = {
  cimo: {
    name: 'cimo',
    mo: 'cimo',
    moId: MoId.CIMO,
    moUri: './CIMO',
    alertType: AlertType.CIMO_OPERATION_COMPLETE,
    operations: CIMO_OPERATIONS,
    ...SMARTPHONE,
    man: 'CIMO Labs',
    mod: 'Ref-S1',
    oem: 'CIMO Labs Reference Devices',
    devTyp: 'smartphone',
    fwV: 'RS1-FW-2.4.1',
    swV: 'RS1-OS-11.2',
    hwV: 'RS1-HW-C',
    tac: '35693803',
  },
  lawmo: {
    name: 'lawmo',
    mo: 'lawmo',
    moId: MoId.LAWMO,
    moUri: './LAWMO',
    alertType: AlertType.LAWMO_OPERATION_COMPLETE,
    operations: LAWMO_OPERATIONS,
    ...SMARTPHONE,
    man: 'CIMO Labs',
    mod: 'Ref-L2',
    oem: 'CIMO Labs Reference Devices',
    devTyp: 'smartphone',
    fwV: 'RL2-FW-1.9.0',
    swV: 'RL2-OS-9.0',
    hwV: 'RL2-HW-B',
    tac: '35847201',
  },
  'feature-phone': {
    name: 'feature-phone',
    mo: 'cimo',
    moId: MoId.CIMO,
    moUri: './CIMO',
    alertType: AlertType.CIMO_OPERATION_COMPLETE,
    operations: CIMO_OPERATIONS,
    encodings: ['xml'],
    maxMsgSize: 4096,
    // Without large-object support an object has to fit in one message.
    maxObjSize: 4096,
    lrgObj: false,
    man: 'CIMO Labs',
    mod: 'Ref-F3',
    oem: 'CIMO Labs Reference Devices',
    devTyp: 'phone',
    fwV: 'RF3-FW-0.7.3',
    swV: 'RF3-SW-0.7',
    hwV: 'RF3-HW-A',
    tac: '01215800',
  },
};
