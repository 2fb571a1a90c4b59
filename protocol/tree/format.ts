/**
 * Node formats: the values of MetInf `Format`, the TNDS `RTProperties/Format` child and
 * the DDF `DFFormat` child (OMA DM TND 1.2 §7.x, PROTOCOL-FACTS §6.1). `date`/`time`
 * are ISO 8601, `float` is xsd:float; `node` marks an interior node.
 */
export const DM_FORMATS = [
  'b64',
  'bin',
  'bool',
  'chr',
  'int',
  'node',
  'null',
  'xml',
  'date',
  'time',
  'float',
] as const;

/** A node format name. */
export type DmFormat = (typeof DM_FORMATS)[number];

const FORMAT_SET: ReadonlySet<string> = new Set(DM_FORMATS);

/** True when `s` is one of {@link DM_FORMATS} (case-sensitive, as the DTD spells them). */
export function isDmFormat(s: string): s is DmFormat {
  return FORMAT_SET.has(s);
}

/** Format assumed for a leaf when a command's Meta omits it (PROTOCOL-FACTS §6.1). */
export const DEFAULT_LEAF_FORMAT: DmFormat = 'chr';
/** MIME type assumed for a leaf when a command's Meta omits it. */
export const DEFAULT_LEAF_TYPE = 'text/plain';
