/**
 * Credential type strings (SyncHdr `Cred/Meta/Type`, `Chal/Meta/Type`) and the DMAcc
 * `AppAuth/<X>/AAuthType` names they correspond to.
 *
 * Spec: SyncML RepPro 1.2 §5.1 (Meta Type values), OMA DM StdObj 1.2 (DMAcc AAuthType);
 * the pairing follows libdmclient `dmcore/src/credentials.c`. PROTOCOL-FACTS §3.1.
 */

/** The `syncml:auth-*` Meta Type strings, exactly as the specs spell them. */
export const CredentialType = {
  /** `B64(user:pass)` in Cred. */
  Basic: 'syncml:auth-basic',
  /** `B64(MD5(B64(MD5(user:pass)):nonce))` in Cred. */
  Md5: 'syncml:auth-md5',
  /** HMAC in the `x-syncml-hmac` transport header; never in Cred. */
  Hmac: 'syncml:auth-MAC',
  X509: 'syncml:auth-X509',
  SecurId: 'syncml:auth-securid',
  SafeWord: 'syncml:auth-safeword',
  DigiPass: 'syncml:auth-digipass',
} as const;

/** One of the {@link CredentialType} strings. */
export type CredentialType = (typeof CredentialType)[keyof typeof CredentialType];

/** DMAcc `AAuthType` values (OMA DM StdObj 1.2, DMAcc MO `urn:oma:mo:oma-dm-dmacc:1.0`). */
export const AAuthType = {
  Basic: 'BASIC',
  Digest: 'DIGEST',
  Hmac: 'HMAC',
  X509: 'X509',
  SecurId: 'SECURID',
  SafeWord: 'SAFEWORD',
  DigiPass: 'DIGIPASS',
} as const;

/** One of the {@link AAuthType} strings. */
export type AAuthType = (typeof AAuthType)[keyof typeof AAuthType];

const PAIRS: ReadonlyArray<readonly [AAuthType, CredentialType]> = [
  [AAuthType.Basic, CredentialType.Basic],
  [AAuthType.Digest, CredentialType.Md5],
  [AAuthType.Hmac, CredentialType.Hmac],
  [AAuthType.X509, CredentialType.X509],
  [AAuthType.SecurId, CredentialType.SecurId],
  [AAuthType.SafeWord, CredentialType.SafeWord],
  [AAuthType.DigiPass, CredentialType.DigiPass],
];

/**
 * Recognises a Meta Type string as a credential type. Case-insensitive and trims
 * surrounding whitespace (peers write `syncml:auth-mac` and `syncml:auth-MD5`); returns
 * the canonical spelling, or `undefined` for anything else.
 */
export function parseCredentialType(text: string): CredentialType | undefined {
  const wanted = text.trim().toLowerCase();
  for (const [, type] of PAIRS) if (type.toLowerCase() === wanted) return type;
  return undefined;
}

/** Recognises an `AAuthType` value (case-insensitive, trimmed); `undefined` if unknown. */
export function parseAAuthType(text: string): AAuthType | undefined {
  const wanted = text.trim().toUpperCase();
  for (const [name] of PAIRS) if (name === wanted) return name;
  return undefined;
}

/** The credential type used on the wire for a DMAcc `AAuthType` (`DIGEST` → `syncml:auth-md5`). */
export function credentialTypeForAAuthType(type: AAuthType): CredentialType {
  for (const [name, cred] of PAIRS) if (name === type) return cred;
  /* c8 ignore next -- unreachable for the typed input */
  throw new TypeError(`unknown AAuthType: ${String(type)}`);
}

/** The DMAcc `AAuthType` for a wire credential type (`syncml:auth-MAC` → `HMAC`). */
export function aAuthTypeForCredentialType(type: CredentialType): AAuthType {
  for (const [name, cred] of PAIRS) if (cred === type) return name;
  /* c8 ignore next -- unreachable for the typed input */
  throw new TypeError(`unknown credential type: ${String(type)}`);
}
