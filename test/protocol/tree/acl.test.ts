import { describe, expect, it } from 'vitest';
import {
  AclError,
  aclAllows,
  explainAcl,
  formatAcl,
  parseAcl,
} from '../../../protocol/tree/acl.js';

const SPEC_EXAMPLE =
  'Add=www.sonera.fi-8765&Delete=www.sonera.fi-8765&Replace=www.sonera.fi-8765+321_ibm.com&Get=*';

function reasonOf(value: string): string | undefined {
  try {
    parseAcl(value);
    return undefined;
  } catch (e) {
    if (e instanceof AclError) return e.reason;
    throw e;
  }
}

describe('acl', () => {
  it('parses the TND spec example into per-command server lists', () => {
    const acl = parseAcl(SPEC_EXAMPLE);
    expect(acl.Replace).toEqual(['www.sonera.fi-8765', '321_ibm.com']);
    expect(acl.Get).toEqual(['*']);
    expect(acl.Exec).toBeUndefined();
    expect(aclAllows(acl, 'Replace', '321_ibm.com')).toBe(true);
    expect(aclAllows(acl, 'Delete', '321_ibm.com')).toBe(false);
    expect(aclAllows(acl, 'Get', 'anyone')).toBe(true);
    expect(aclAllows(acl, 'Exec', 'www.sonera.fi-8765')).toBe(false);
  });

  it('formats in canonical command order and round-trips through parse', () => {
    const formatted = formatAcl(parseAcl(SPEC_EXAMPLE));
    expect(formatted).toBe(
      'Add=www.sonera.fi-8765&Delete=www.sonera.fi-8765&Get=*&Replace=www.sonera.fi-8765+321_ibm.com',
    );
    expect(parseAcl(formatted)).toEqual(parseAcl(SPEC_EXAMPLE));
    expect(parseAcl('')).toEqual({});
    expect(formatAcl({})).toBe('');
  });

  it('merges a repeated command and keeps each server once', () => {
    expect(parseAcl('Get=a&Get=b+a').Get).toEqual(['a', 'b']);
  });

  it('refuses malformed ACLs with a typed reason', () => {
    expect(reasonOf('Get=*&')).toBe('empty-entry');
    expect(reasonOf('Get')).toBe('missing-equals');
    expect(reasonOf('Copy=*')).toBe('unknown-command');
    expect(reasonOf('get=*')).toBe('unknown-command');
    expect(reasonOf('Get=a++b')).toBe('empty-server-id');
    expect(reasonOf('Get=')).toBe('empty-server-id');
    expect(reasonOf('Get=a b')).toBe('bad-server-id');
    expect(reasonOf('Get=a*')).toBe('bad-server-id');
    expect(reasonOf('Get=a=b')).toBe('bad-server-id');
  });

  it('explains who may do what in words', () => {
    const text = explainAcl(SPEC_EXAMPLE);
    expect(text).toContain('Any server may read.');
    expect(text).toContain('Only server "www.sonera.fi-8765" may add child nodes and delete.');
    expect(text).toContain('Only servers "321_ibm.com" and "www.sonera.fi-8765" may change.');
    expect(text).toContain('Nobody may execute.');
    expect(explainAcl('')).toMatch(/ancestor/);
    expect(explainAcl('Bogus=1')).toMatch(/^Invalid ACL/);
  });
});
