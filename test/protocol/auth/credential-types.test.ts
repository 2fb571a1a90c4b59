import { describe, expect, it } from 'vitest';
import {
  AAuthType,
  CredentialType,
  aAuthTypeForCredentialType,
  credentialTypeForAAuthType,
  parseAAuthType,
  parseCredentialType,
} from '../../../protocol/auth/credential-types.js';

describe('credential-types', () => {
  it('maps DMAcc AAuthType to the wire type and back for every pair', () => {
    expect(credentialTypeForAAuthType(AAuthType.Digest)).toBe('syncml:auth-md5');
    expect(credentialTypeForAAuthType(AAuthType.Hmac)).toBe('syncml:auth-MAC');
    expect(credentialTypeForAAuthType(AAuthType.Basic)).toBe('syncml:auth-basic');
    for (const t of Object.values(AAuthType)) {
      expect(aAuthTypeForCredentialType(credentialTypeForAAuthType(t))).toBe(t);
    }
  });

  it('parses Meta Type strings case-insensitively into canonical spelling', () => {
    expect(parseCredentialType(' syncml:auth-mac ')).toBe(CredentialType.Hmac);
    expect(parseCredentialType('SYNCML:AUTH-MD5')).toBe(CredentialType.Md5);
    expect(parseCredentialType('syncml:auth-none')).toBeUndefined();
    expect(parseAAuthType('digest')).toBe(AAuthType.Digest);
    expect(parseAAuthType('KERBEROS')).toBeUndefined();
  });
});
