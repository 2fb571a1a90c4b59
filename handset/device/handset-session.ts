import { ClientSession } from '../../protocol/session/index.js';
import type { ClientSessionOptions, DmPackage } from '../../protocol/session/index.js';
import { detectEncoding } from '../../protocol/syncml/codec.js';
import type { SyncMLEncoding } from '../../protocol/syncml/codec.js';
import { UnsupportedEncodingError } from './errors.js';

/** What a handset session reports back to its handset. */
export interface HandsetSessionHooks {
  /** Encodings the persona decodes. */
  readonly encodings: readonly SyncMLEncoding[];
  /** After each package handled (the console may have changed ToBe*, Config): persist. */
  afterPackage(): void;
}

/**
 * A DM client session of a handset: a `ClientSession` that persists what the console
 * changed after every package it handles, and refuses an encoding its persona does not
 * speak (a feature phone fed WBXML ends the session with `UnsupportedEncodingError` and
 * sends nothing back — it cannot even read the message to answer it).
 */
export class HandsetSession extends ClientSession {
  private begun = false;

  constructor(
    options: ClientSessionOptions,
    private readonly hooks: HandsetSessionHooks,
  ) {
    super(options);
  }

  override start(sessionId?: number): DmPackage {
    this.begun = true;
    return super.start(sessionId);
  }

  override async handle(pkg: DmPackage): Promise<DmPackage | undefined> {
    // Before the session started the package is a package #0 (binary, not SyncML).
    if (this.begun && !this.isEnded) {
      const encoding = /wbxml/i.test(pkg.contentType) ? 'wbxml' : detectEncoding(pkg.body);
      if (encoding !== undefined && !this.hooks.encodings.includes(encoding)) {
        const err = new UnsupportedEncodingError(encoding);
        this.fail(err);
        throw err;
      }
    }
    try {
      return await super.handle(pkg);
    } finally {
      this.hooks.afterPackage();
    }
  }
}
