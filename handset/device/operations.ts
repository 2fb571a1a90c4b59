/**
 * What each CIMO / LAWMO operation does to the handset (CIMO-MO.md "Operation semantics",
 * "Retrieve", "Result codes"). Each returns its result code; the runner around it does
 * the DM side (202, LastOperation, Generic Alert, persistence).
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { CimoResult } from '../../protocol/cimo/result-codes.js';
import { isAppNotRemovable } from './store-errors.js';
import type { HandsetStore } from '../data/types.js';
import { DEFAULT_CONFIG } from './device-state.js';
import type { DeviceState } from './device-state.js';
import { isInjectedCrash } from './errors.js';
import { exportRetrieval, retrievalFolderName, shredRetrievals } from './retrieval.js';
import { RetrieveUploadError, uploadRetrieval } from './retrieve-upload.js';

/** What an operation may use and change. */
export interface OperationContext {
  readonly operation: string;
  readonly store: HandsetStore;
  /** The MO kind: LAWMO's PartiallyLock has no selection and locks every item. */
  readonly mo: 'cimo' | 'lawmo';
  /** The state when the operation started, with the console's selections captured. */
  readonly state: DeviceState;
  /** Correlator, or a generated id for an Exec without one (names the retrieval). */
  readonly correlator: string;
  readonly serverId: string;
  readonly devId: string;
  /** `<dir>/retrieve` (published) and `<dir>/upload` (staging for http targets). */
  readonly retrieveRoot: string;
  readonly uploadRoot: string;
  readonly now: () => Date;
  /** Reports the fraction done (0..1); this is also where an injected crash strikes. */
  progress(fraction: number): void;
  /** Changes device-owned state (State, Locked, Config on factory reset, selections). */
  change(fn: (s: DeviceState) => DeviceState): void;
  /** Asks the owner when consent is required (already answered per policy). */
  consent(question: string): Promise<boolean>;
  /** Records the retrieval manifest for LastOperation/Manifest. */
  setManifest(xml: string): void;
  log(line: string): void;
}

const R = CimoResult;

/** Ids of the items whose selector is set, in store order. */
function selectedItems(ctx: OperationContext, key: 'toBeLocked' | 'toBeWiped' | 'toBeRetrieved') {
  return ctx.store
    .items()
    .filter((i) => ctx.state.items[i.id]?.[key] === true)
    .map((i) => i.id);
}

/** Runs `fn`; any error except an injected crash becomes `code`. */
async function failingWith(code: number, ctx: OperationContext, fn: () => Promise<number>) {
  try {
    return await fn();
  } catch (e) {
    if (isInjectedCrash(e)) throw e;
    ctx.log(`${ctx.operation} failed: ${e instanceof Error ? e.message : String(e)}`);
    return code;
  }
}

/** Asks for consent when `Config/ConsentRequired` is on; false = refused (1401). */
async function consented(ctx: OperationContext, what: string): Promise<boolean> {
  if (!ctx.state.config.consentRequired) return true;
  const ok = await ctx.consent(`${ctx.serverId} asks to ${what}. Allow?`);
  ctx.log(`owner ${ok ? 'consented to' : 'refused'}: ${what}`);
  return ok;
}

async function fullyLock(ctx: OperationContext): Promise<number> {
  ctx.progress(0.5);
  ctx.change((s) => ({ ...s, state: 10 }));
  return R.OK;
}

async function partiallyLock(ctx: OperationContext): Promise<number> {
  const ids =
    ctx.mo === 'lawmo' ? ctx.store.items().map((i) => i.id) : selectedItems(ctx, 'toBeLocked');
  if (ids.length === 0) {
    ctx.log('PartiallyLock: no item has ToBeLocked=true');
    return R.PARTIALLY_LOCK_FAILED;
  }
  ctx.progress(0.5);
  ctx.change((s) => ({ ...s, state: 20, locked: ids }));
  return R.OK;
}

async function unlock(ctx: OperationContext): Promise<number> {
  ctx.progress(0.5);
  ctx.change((s) => ({ ...s, state: 30, locked: [] }));
  return R.OK;
}

async function wipe(ctx: OperationContext): Promise<number> {
  const ids = selectedItems(ctx, 'toBeWiped');
  if (ids.length === 0) return R.WIPE_NOT_PERFORMED;
  if (!(await consented(ctx, `wipe ${ids.join(', ')}`))) return R.REFUSED;
  return failingWith(R.WIPE_FAILED, ctx, async () => {
    // Published retrievals first: their exports of these items are links to the files the
    // wipe then shreds in place, so they need only be unlinked (one flush per file, not
    // two). A crash in between leaves the items whole and no copy outside them; the wipe
    // runs again.
    await shredRetrievals(ctx.retrieveRoot, ids);
    for (const [i, id] of ids.entries()) {
      await ctx.store.wipe(id, (done, total) =>
        ctx.progress((i + (total > 0 ? done / total : 1)) / ids.length),
      );
      ctx.progress((i + 1) / ids.length);
    }
    return R.WIPE_OK;
  });
}

async function factoryReset(ctx: OperationContext): Promise<number> {
  if (!(await consented(ctx, 'reset the handset to factory state'))) return R.REFUSED;
  return failingWith(R.WIPE_FAILED, ctx, async () => {
    // Retrievals first, as for a wipe.
    await shredRetrievals(ctx.retrieveRoot, undefined);
    await ctx.store.factoryReset((done, total) => ctx.progress(total > 0 ? done / total : 1));
    ctx.change((s) => ({
      ...s,
      state: 30,
      locked: [],
      items: {},
      apps: {},
      config: DEFAULT_CONFIG,
    }));
    return R.OK;
  });
}

async function retrieve(ctx: OperationContext): Promise<number> {
  const ids = selectedItems(ctx, 'toBeRetrieved');
  if (ids.length === 0) {
    ctx.log('Retrieve: no item has ToBeRetrieved=true');
    return R.RETRIEVE_FAILED;
  }
  const target = ctx.state.config.retrieveTarget.trim();
  const local = target === '' || target === 'local';
  if (!local && !/^https?:\/\//i.test(target)) {
    ctx.log(`Retrieve: RetrieveTarget ${target} is neither local nor an http(s) URL`);
    return R.RETRIEVE_FAILED;
  }
  if (!(await consented(ctx, `copy ${ids.join(', ')} off the handset`))) return R.REFUSED;
  return failingWith(R.RETRIEVE_FAILED, ctx, async () => {
    const root = local ? ctx.retrieveRoot : ctx.uploadRoot;
    // Export is most of the work for local; for upload it is the first half.
    const share = local ? 1 : 0.5;
    const r = await exportRetrieval(ctx.store, ids, root, ctx.correlator, ctx.now(), (f) =>
      ctx.progress(f * share),
    );
    ctx.setManifest(r.manifestXml);
    if (local) return R.RETRIEVE_OK;
    try {
      await uploadRetrieval({
        target,
        folder: r.folder,
        manifest: r.manifest,
        manifestXml: r.manifestXml,
        devId: ctx.devId,
        onProgress: (done, total) => ctx.progress(0.5 + (0.5 * done) / Math.max(total, 1)),
      });
      return R.RETRIEVE_OK;
    } catch (e) {
      if (e instanceof RetrieveUploadError) {
        ctx.log(e.message);
        return e.kind === 'unreachable' ? R.RETRIEVE_TARGET_UNREACHABLE : R.RETRIEVE_FAILED;
      }
      throw e;
    } finally {
      await shredRetrievals(ctx.uploadRoot, undefined);
      await rm(join(ctx.uploadRoot, retrievalFolderName(ctx.correlator)), {
        recursive: true,
        force: true,
      });
    }
  });
}

async function uninstall(ctx: OperationContext): Promise<number> {
  const apps = (await ctx.store.apps()).filter((a) => ctx.state.apps[a.id] === true);
  if (apps.length === 0) {
    ctx.log('Uninstall: no application has ToBeUninstalled=true');
    return R.UNINSTALL_FAILED;
  }
  if (!(await consented(ctx, `uninstall ${apps.map((a) => a.name).join(', ')}`))) {
    return R.REFUSED;
  }
  return failingWith(R.UNINSTALL_FAILED, ctx, async () => {
    let notRemovable = false;
    for (const [i, app] of apps.entries()) {
      try {
        await ctx.store.uninstall(app.id, (done, total) =>
          ctx.progress((i + (total > 0 ? done / total : 1)) / apps.length),
        );
      } catch (e) {
        if (!isAppNotRemovable(e)) throw e;
        ctx.log(`Uninstall: ${app.id} is a system application`);
        notRemovable = true;
      }
      ctx.progress((i + 1) / apps.length);
    }
    return notRemovable ? R.NOT_REMOVABLE : R.UNINSTALL_OK;
  });
}

/** The operations by Exec node name. */
export const OPERATIONS: Readonly<Record<string, (ctx: OperationContext) => Promise<number>>> = {
  FullyLock: fullyLock,
  PartiallyLock: partiallyLock,
  UnLock: unlock,
  Wipe: wipe,
  FactoryReset: factoryReset,
  Retrieve: retrieve,
  Uninstall: uninstall,
};

/** The result code an operation interrupted by a crash ends with (on restart). */
export const FAILURE_CODE: Readonly<Record<string, number>> = {
  FullyLock: R.FULLY_LOCK_FAILED,
  PartiallyLock: R.PARTIALLY_LOCK_FAILED,
  UnLock: R.UNLOCK_FAILED,
  Wipe: R.WIPE_FAILED,
  FactoryReset: R.WIPE_FAILED,
  Retrieve: R.RETRIEVE_FAILED,
  Uninstall: R.UNINSTALL_FAILED,
};
