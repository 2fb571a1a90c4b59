const TEXT_SPECIAL_G = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<>"\t\n\r]/;
const ATTR_SPECIAL_G = /[&<>"\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const escapeChar = (c: string): string => ESCAPES[c] ?? c;

/**
 * Throws for characters XML 1.0 cannot carry at all, not even as character references:
 * C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF and unpaired surrogates. Returns true
 * when `value` holds a character that needs escaping in text (`&`, `<`, `>`, CR), so the
 * caller can skip the regular expression for the common plain value.
 */
function checkChars(value: string): boolean {
  let special = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x3f && c < 0xd800) continue;
    if (c >= 0x20) {
      if (c === 0x26 || c === 0x3c || c === 0x3e) special = true;
      else if (c >= 0xd800) {
        let bad: boolean;
        if (c <= 0xdbff) {
          const next = value.charCodeAt(i + 1);
          bad = !(next >= 0xdc00 && next <= 0xdfff);
          if (!bad) i++;
        } else bad = c <= 0xdfff || c === 0xfffe || c === 0xffff;
        if (bad) unrepresentable(c);
      }
      continue;
    }
    if (c === 0x0d) special = true;
    else if (c !== 0x09 && c !== 0x0a) unrepresentable(c);
  }
  return special;
}

function unrepresentable(c: number): never {
  const cp = c.toString(16).toUpperCase().padStart(4, '0');
  throw new RangeError(`U+${cp} cannot be represented in XML 1.0 (send the value as bytes)`);
}

/**
 * Escapes character data: `&`, `<`, `>` and CR (as `&#13;`, so it survives end-of-line
 * normalization). Throws `RangeError` for characters XML 1.0 cannot carry.
 */
export function escapeText(value: string): string {
  return checkChars(value) ? value.replace(TEXT_SPECIAL_G, escapeChar) : value;
}

/** Escapes an attribute value (double-quoted); throws `RangeError` like {@link escapeText}. */
export function escapeAttr(value: string): string {
  checkChars(value);
  return ATTR_SPECIAL.test(value) ? value.replace(ATTR_SPECIAL_G, escapeChar) : value;
}
