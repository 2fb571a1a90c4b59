/**
 * The console's settings in `<data>/settings.json`: loaded and checked once at start,
 * changed through {@link SettingsStore.update}, written atomically on every change.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../ipc/contract.js';
import { readJsonFile, writeJsonAtomic } from './atomic-json.js';
import { DEFAULT_SETTINGS } from './types.js';
import type { ConsoleSettings, CredentialRule, DmCredentials } from './types.js';

/** File name inside the data folder. */
export const SETTINGS_FILE = 'settings.json';

const credentials = z
  .object({
    serverId: z.string().min(1).max(200),
    serverPassword: z.string().max(200),
    clientUsername: z.string().max(200),
    clientPassword: z.string().max(200),
    authType: z.enum(['basic', 'md5', 'hmac', 'none']),
  })
  .strict();

const rule = z
  .object({
    imei: z.string().max(64).optional(),
    devId: z.string().max(200).optional(),
    model: z.string().max(200).optional(),
    link: z.string().max(300).optional(),
    credentials,
  })
  .strict();

const fileSchema = z
  .object({
    version: z.literal(1),
    operator: z.string().min(1).max(200),
    serverId: z.string().min(1).max(200),
    requireRetrievalBeforeWipe: z.boolean(),
    consentPolicy: z.enum(['handset', 'ui-alert', 'not-required']),
    defaultEncoding: z.enum(['wbxml', 'xml']),
    credentials: z.array(rule).max(10_000),
    network: z
      .object({
        obexTcp: z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/)).max(1024),
        serialPaths: z.array(z.string().min(1).max(4096)).max(1024),
        wake: z.record(z.string(), z.string().regex(/^[^\s:]+:\d{1,5}$/)),
      })
      .strict(),
  })
  .strict();

/** The settings file is not valid; `message` names the field. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly code = 'settings-invalid';
}

/** What identifies a handset to the credential rules. */
export interface CredentialQuery {
  readonly imei?: string | undefined;
  readonly devId?: string | undefined;
  readonly model?: string | undefined;
  readonly link?: string | undefined;
}

/** Loads, checks, updates and persists the settings of one data folder. */
export class SettingsStore {
  #value: ConsoleSettings;
  readonly #path: string;
  readonly #listeners = new Set<(s: ConsoleSettings) => void>();

  private constructor(path: string, value: ConsoleSettings) {
    this.#path = path;
    this.#value = value;
  }

  /**
   * Opens `<folder>/settings.json`; a missing file starts from the defaults (and is
   * written). A malformed file throws {@link SettingsError} naming the first bad field —
   * the console must not run with policies it could not read.
   */
  static open(folder: string): SettingsStore {
    const path = join(folder, SETTINGS_FILE);
    const raw = readJsonFile(path);
    if (raw === undefined) {
      const store = new SettingsStore(path, DEFAULT_SETTINGS);
      writeJsonAtomic(path, DEFAULT_SETTINGS);
      return store;
    }
    const parsed = fileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(
        `${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    return new SettingsStore(path, parsed.data as ConsoleSettings);
  }

  /** The current settings (an immutable snapshot). */
  get value(): ConsoleSettings {
    return this.#value;
  }

  /** The operator-facing part, as the IPC contract's `Settings`. */
  view(): Settings {
    const v = this.#value;
    return {
      operator: v.operator,
      requireRetrievalBeforeWipe: v.requireRetrievalBeforeWipe,
      consentPolicy: v.consentPolicy,
      defaultEncoding: v.defaultEncoding,
    };
  }

  /**
   * Applies `change`, checks the result against the schema (throws {@link SettingsError},
   * nothing written) and writes it atomically before returning; listeners are told.
   */
  update(change: (s: ConsoleSettings) => ConsoleSettings): ConsoleSettings {
    const next = change(this.#value);
    const parsed = fileSchema.safeParse(next);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SettingsError(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    writeJsonAtomic(this.#path, next);
    this.#value = next;
    for (const l of this.#listeners) l(next);
    return next;
  }

  /** Calls `listener` after every update; returns the unsubscribe function. */
  onChange(listener: (s: ConsoleSettings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The credentials for a handset: the first rule whose given fields all match `q`
   * (IMEI also matches a DevId of `IMEI:<imei>`), or undefined.
   */
  credentialsFor(q: CredentialQuery): DmCredentials | undefined {
    const imei = q.imei ?? (q.devId?.startsWith('IMEI:') === true ? q.devId.slice(5) : undefined);
    const matches = (r: CredentialRule): boolean =>
      (r.imei === undefined || r.imei === imei) &&
      (r.devId === undefined || r.devId === q.devId) &&
      (r.model === undefined || r.model === q.model) &&
      (r.link === undefined || r.link === q.link);
    return this.#value.credentials.find(matches)?.credentials;
  }
}
