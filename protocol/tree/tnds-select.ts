import { DmStatus, DmStatusError } from './dm-status-error.js';

/**
 * Names a `?list=TNDS` selection may use: the RTProperties children plus `Value`
 * (OMA DM TND 1.2 §7.x, PROTOCOL-FACTS §6.2).
 */
export const TNDS_PROPERTIES = [
  'ACL',
  'Format',
  'Name',
  'Size',
  'Title',
  'TStamp',
  'Type',
  'VerNo',
  'Value',
] as const;

/** One selectable TNDS property. */
export type TndsProperty = (typeof TNDS_PROPERTIES)[number];

/** The properties a TNDS document carries for each node. */
export type TndsSelection = ReadonlySet<TndsProperty>;

/** Every property and the value: what bare `?list=TNDS` returns (our choice, see below). */
export const ALL_TNDS_PROPERTIES: TndsSelection = new Set(TNDS_PROPERTIES);

const NAMES: ReadonlySet<string> = new Set(TNDS_PROPERTIES);

/**
 * Parses the value of a `?list=` suffix that asks for TNDS:
 * - `TNDS` → every property and the value (the spec leaves the bare form to the device;
 *   returning everything lets a console snapshot a subtree in one Get);
 * - `TNDS+ACL+Value` → only the listed names;
 * - `TNDS-Format-Size` → everything but the listed names.
 *
 * Throws `DmStatusError`: 406 when the value is not a TNDS request (e.g. `Struct`), 400
 * when `+` and `-` are mixed, a name is empty or unknown (names are case-sensitive).
 */
export function parseTndsList(list: string): TndsSelection {
  if (list === 'TNDS') return ALL_TNDS_PROPERTIES;
  if (!list.startsWith('TNDS+') && !list.startsWith('TNDS-')) {
    throw new DmStatusError(DmStatus.OPTIONAL_FEATURE_NOT_SUPPORTED, `unsupported list "${list}"`);
  }
  const rest = list.slice(4);
  const sign = rest[0];
  const other = sign === '+' ? '-' : '+';
  if (rest.includes(other)) {
    throw new DmStatusError(DmStatus.BAD_REQUEST, '"+" and "-" cannot be mixed in ?list=TNDS');
  }
  const names = rest.slice(1).split(sign ?? '+');
  for (const n of names) {
    if (!NAMES.has(n))
      throw new DmStatusError(DmStatus.BAD_REQUEST, `unknown TNDS property "${n}"`);
  }
  const listed = new Set(names as TndsProperty[]);
  if (sign === '+') return listed;
  return new Set(TNDS_PROPERTIES.filter((p) => !listed.has(p)));
}

/**
 * Formats a selection back as a `?list=` value: `TNDS` for all, the `-` form for none
 * (the `+` form cannot say "nothing"), else the `+` form.
 */
export function formatTndsList(selection: TndsSelection): string {
  if (TNDS_PROPERTIES.every((p) => selection.has(p))) return 'TNDS';
  if (selection.size === 0) return ['TNDS', ...TNDS_PROPERTIES].join('-');
  return ['TNDS', ...TNDS_PROPERTIES.filter((p) => selection.has(p))].join('+');
}
