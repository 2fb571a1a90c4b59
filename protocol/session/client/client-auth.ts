/**
 * Authentication on the handset's side of a session (PROTOCOL-FACTS §3): checking the
 * server's credentials on each of its messages until accepted (212 + NextNonce, or
 * 401/407 with a challenge), and presenting ours — resent once with the server's fresh
 * nonce after a 401/407, then failing with `DmAuthError`.
 */
import { generateNonce } from '../../auth/nonce.js';
import type { RandomBytes } from '../../auth/nonce.js';
import type { Chal, Cred, StatusCommand, SyncHdr } from '../../syncml/model.js';
import { buildCred, challenge, checkCred, hmacHeaders } from '../auth-state.js';
import type { DmAccount } from '../auth-state.js';
import { DmAuthError } from '../errors.js';
import type { DmHeaders, DmPackage } from '../transport.js';

/** Nonce events the session forwards (see `ClientSessionEvent`). */
export type ClientNonceEvent =
  | { readonly type: 'client-nonce'; readonly nonce: Uint8Array }
  | { readonly type: 'server-nonce'; readonly nonce: Uint8Array };

/** The client's authentication state for one session. */
export class ClientAuth {
  /** How many server messages failed authentication. */
  serverFailures = 0;
  private credsAccepted = false;
  private credsRetried = false;
  private credNonce: Uint8Array;
  private serverAuthed = false;
  private serverNonce: Uint8Array;

  constructor(
    /** Our credentials towards the server. */
    private readonly credentials: DmAccount | undefined,
    /** What the server must present. */
    private readonly serverAccount: DmAccount | undefined,
    private readonly random: RandomBytes,
    private readonly emit: (e: ClientNonceEvent) => void,
  ) {
    this.credNonce = credentials?.nonce ?? new Uint8Array(0);
    this.serverNonce = serverAccount?.nonce ?? new Uint8Array(0);
  }

  /** The nonce a package #0 digest is checked with (the one we gave the server last). */
  get pkg0Nonce(): Uint8Array {
    return this.serverNonce;
  }

  /**
   * The SyncHdr Status code for a server message: 200 when nothing is to be checked (no
   * account, or already authenticated), 212 on success, 407/401 on missing/invalid
   * credentials; each check issues a fresh nonce in `chal`.
   */
  checkServer(h: SyncHdr, pkg: DmPackage): { code: number; chal?: Chal } {
    const acct = this.serverAccount;
    if (acct === undefined || this.serverAuthed) return { code: 200 };
    const check = checkCred(
      acct,
      this.serverNonce,
      h.cred,
      h.source.locName,
      pkg.headers,
      pkg.body,
    );
    const fresh = generateNonce(this.random);
    if (check === 'ok') {
      this.serverAuthed = true;
      this.emit({ type: 'server-nonce', nonce: fresh });
      return { code: 212, chal: challenge(acct.type, fresh) };
    }
    this.serverFailures++;
    this.serverNonce = fresh;
    return { code: check === 'missing' ? 407 : 401, chal: challenge(acct.type, fresh) };
  }

  /**
   * Reads the server's Status on our SyncHdr. Returns true when our credentials were
   * refused and package 1 must be sent again (once, with the fresh nonce); throws
   * `DmAuthError` when they were refused again or we have none.
   */
  onHeaderStatus(s: StatusCommand): boolean {
    const next = s.chal?.meta.nextNonce;
    if (s.code === 401 || s.code === 407) {
      if (next !== undefined) this.credNonce = next;
      if (this.credsRetried || this.credentials === undefined) {
        throw new DmAuthError(s.code, this.credsRetried, 'the server refused our credentials');
      }
      this.credsRetried = true;
      return true;
    }
    if (s.code === 212 || s.code === 200) {
      if (s.code === 212) this.credsAccepted = true;
      if (next !== undefined) {
        this.credNonce = next;
        if (s.code === 212) this.emit({ type: 'client-nonce', nonce: next });
      }
    }
    return false;
  }

  /** Our Cred for the next SyncHdr (basic/MD5, until the server accepted it). */
  cred(): Cred | undefined {
    const c = this.credentials;
    return c !== undefined && !this.credsAccepted ? buildCred(c, this.credNonce) : undefined;
  }

  /** Our user name for SyncHdr Source/LocName, if we have credentials. */
  get username(): string | undefined {
    return this.credentials?.username;
  }

  /** Transport headers for a body we send (the HMAC header for an HMAC account). */
  sign(body: Uint8Array): DmHeaders {
    const c = this.credentials;
    return c !== undefined ? hmacHeaders(c, this.credNonce, body) : {};
  }
}
