/** The console's settings and per-account DM nonces, persisted in the data folder. */
export { SettingsStore, SettingsError, SETTINGS_FILE } from './settings-store.js';
export type { CredentialQuery } from './settings-store.js';
export { NonceStore, NONCES_FILE, NONCE_WRITE_SPACING_MS } from './nonce-store.js';
export type { AccountNonces } from './nonce-store.js';
export { DEFAULT_SETTINGS } from './types.js';
export type { ConsoleSettings, CredentialRule, DmCredentials, NetworkHandsets } from './types.js';
export { readJsonFile, writeJsonAtomic } from './atomic-json.js';
