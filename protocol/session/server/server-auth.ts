/**
 * Authentication on the console's side of a session (PROTOCOL-FACTS §3): checking the
 * client's credentials (basic/MD5 once, HMAC on every message) with a fresh nonce each
 * time, and presenting ours — sent again once with the client's fresh nonce when it
 * refuses them, then failing with `DmAuthError`.
 */
import { generateNonce } from '../../auth/nonce.js';
import type { RandomBytes } from '../../auth/nonce.js';
import type { Chal, Cred, StatusCommand, SyncMLMessage } from '../../syncml/model.js';
import { buildCred, challenge, checkCred } from '../auth-state.js';
import type { DmAccount } from '../auth-state.js';
import { DmAuthError } from '../errors.js';
import type { DmPackage } from '../transport.js';
import type { ServerSessionEvent } from './inbox.js';

/** The server's authentication state for one session. */
export class ServerAuth {
  /** How many client messages failed authentication. */
  clientFailures = 0;
  private clientAuthed = false;
  private clientNonce: Uint8Array;
  private credsAccepted = false;
  private credsRetried = false;
  private credNonce: Uint8Array;

  constructor(
    /** What the client must present. */
    private readonly clientAccount: DmAccount | undefined,
    /** Our credentials towards the client. */
    private readonly credentials: DmAccount | undefined,
    private readonly random: RandomBytes,
    private readonly emit: (e: ServerSessionEvent) => void,
  ) {
    this.clientNonce = clientAccount?.nonce ?? new Uint8Array(0);
    this.credNonce = credentials?.nonce ?? new Uint8Array(0);
  }

  /**
   * The SyncHdr Status code for a client message: 200 when nothing is to be checked,
   * 212 (200 for HMAC, checked on every message) on success, 407/401 on missing/invalid
   * credentials; each check issues a fresh nonce in `chal`.
   */
  checkClient(msg: SyncMLMessage, pkg: DmPackage): { code: number; chal?: Chal } {
    const acct = this.clientAccount;
    if (acct === undefined || (this.clientAuthed && acct.type !== 'hmac')) return { code: 200 };
    const h = msg.header;
    const check = checkCred(
      acct,
      this.clientNonce,
      h.cred,
      h.source.locName,
      pkg.headers,
      pkg.body,
    );
    const fresh = generateNonce(this.random);
    this.clientNonce = fresh;
    if (check === 'ok') {
      this.clientAuthed = true;
      this.emit({ type: 'client-nonce', nonce: fresh });
      return { code: acct.type === 'hmac' ? 200 : 212, chal: challenge(acct.type, fresh) };
    }
    this.clientFailures++;
    return { code: check === 'missing' ? 407 : 401, chal: challenge(acct.type, fresh) };
  }

  /**
   * Reads the client's Status on our SyncHdr. True when it refused our credentials (the
   * message must be sent again, once); throws `DmAuthError` when it refused them again
   * or we have none.
   */
  onHeaderStatus(s: StatusCommand): boolean {
    if (s.code === 212) this.credsAccepted = true;
    const next = s.chal?.meta.nextNonce;
    if (s.code === 401 || s.code === 407) {
      if (this.credsRetried || this.credentials === undefined) {
        throw new DmAuthError(s.code, this.credsRetried, 'the client refused our credentials');
      }
      this.credsRetried = true;
      if (next !== undefined) this.credNonce = next;
      return true;
    }
    if (next !== undefined) {
      this.credNonce = next;
      if (s.code === 212) this.emit({ type: 'server-nonce', nonce: next });
    }
    return false;
  }

  /** Our Cred for the next SyncHdr (until the client accepted it). */
  cred(): Cred | undefined {
    const c = this.credentials;
    return c !== undefined && !this.credsAccepted ? buildCred(c, this.credNonce) : undefined;
  }

  /** Our user name for SyncHdr Source/LocName, if we have credentials. */
  get username(): string | undefined {
    return this.credentials?.username;
  }
}
