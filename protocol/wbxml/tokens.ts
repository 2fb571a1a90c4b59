/**
 * WBXML global tokens, valid on every code page (WAP-192-WBXML §7.1; PROTOCOL-FACTS.md
 * §2.1; libwbxml `src/wbxml_internals.h`).
 */
export const Token = {
  /** Followed by one byte: the new code page. */
  SWITCH_PAGE: 0x00,
  /** Ends an element's content or an attribute list. */
  END: 0x01,
  /** Character entity: mb_u_int32 UCS-4 code point. */
  ENTITY: 0x02,
  /** Inline string, terminated by a NUL byte. */
  STR_I: 0x03,
  /** Tag without attributes or content, name by string-table index. */
  LITERAL: 0x04,
  EXT_I_0: 0x40,
  EXT_I_1: 0x41,
  EXT_I_2: 0x42,
  /** Processing instruction: attribute-like tokens up to END. */
  PI: 0x43,
  /** Literal tag with content. */
  LITERAL_C: 0x44,
  EXT_T_0: 0x80,
  EXT_T_1: 0x81,
  EXT_T_2: 0x82,
  /** String-table reference: mb_u_int32 byte offset into the table. */
  STR_T: 0x83,
  /** Literal tag with attributes. */
  LITERAL_A: 0x84,
  EXT_0: 0xc0,
  EXT_1: 0xc1,
  EXT_2: 0xc2,
  /** Opaque data: mb_u_int32 length, then that many bytes. */
  OPAQUE: 0xc3,
  /** Literal tag with attributes and content. */
  LITERAL_AC: 0xc4,
} as const;

/** Bit set in a tag byte when the element has content (ends with END). */
export const TAG_CONTENT = 0x40;
/** Bit set in a tag byte when the element has an attribute list (ends with END). */
export const TAG_ATTRIBUTES = 0x80;
/** Mask for the tag's 6-bit token. */
export const TAG_MASK = 0x3f;

/** IANA MIBenum charset numbers WBXML headers use (PROTOCOL-FACTS.md §2.2). */
export const Charset = {
  UNKNOWN: 0,
  US_ASCII: 3,
  ISO_8859_1: 4,
  UTF_8: 106,
} as const;

/** WBXML version byte values: major-1 in the high nibble, minor in the low nibble. */
export const WbxmlVersion = {
  V1_0: 0x00,
  V1_1: 0x01,
  V1_2: 0x02,
  V1_3: 0x03,
} as const;
