/**
 * The DM session options for a handset: its account from the settings' credential
 * rules, the nonces in force from the nonce store, and an event hook that persists new
 * nonces at once and passes Generic Alerts on.
 */
import type {
  DmAccount,
  ServerSessionEvent,
  ServerSessionOptions,
} from '../../../protocol/session/index.js';
import type { NonceStore, SettingsStore } from '../settings/index.js';
import type { CredentialQuery } from '../settings/index.js';
import type { SessionAuth } from './channel.js';
import { HandsetStepError } from './failure.js';

/** Options of {@link sessionAuth}. */
export interface SessionAuthInput {
  readonly settings: SettingsStore;
  readonly nonces: NonceStore;
  readonly query: CredentialQuery;
  readonly traceId: string;
  readonly replyTimeoutMs: number;
  /** Every session event (after nonces are stored). */
  readonly onEvent: (e: ServerSessionEvent) => void;
}

/**
 * Builds the auth of one session. Throws `HandsetStepError('credentials')` when no
 * credential rule matches the handset.
 */
export function sessionAuth(i: SessionAuthInput): SessionAuth {
  const c = i.settings.credentialsFor(i.query);
  if (c === undefined) {
    const who = i.query.devId ?? i.query.imei ?? i.query.link ?? 'this handset';
    throw new HandsetStepError(
      'credentials',
      `no DM account configured for ${who}`,
      "add the handset's DM account (server id and passwords) to the console settings, per handset or per model",
    );
  }
  const key = `${c.serverId}|${c.clientUsername}`;
  const n = i.nonces.get(key);
  const accounts: Pick<ServerSessionOptions, 'clientAccount' | 'credentials'> =
    c.authType === 'none'
      ? {}
      : {
          clientAccount: {
            type: c.authType,
            username: c.clientUsername,
            password: c.clientPassword,
            nonce: n.client,
          } satisfies DmAccount,
          credentials: {
            type: c.authType,
            username: c.serverId,
            password: c.serverPassword,
            nonce: n.server,
          } satisfies DmAccount,
        };
  return {
    options: {
      serverId: c.serverId,
      replyTimeoutMs: i.replyTimeoutMs,
      ...accounts,
      onEvent: (e) => {
        if (e.type === 'client-nonce') i.nonces.set(key, 'client', e.nonce);
        if (e.type === 'server-nonce') i.nonces.set(key, 'server', e.nonce);
        i.onEvent(e);
      },
    },
    serverPassword: c.serverPassword,
    pkg0Nonce: n.server,
    traceId: i.traceId,
    preferredEncoding: i.settings.value.defaultEncoding,
  };
}
