/**
 * One operation on one handset, start to finish: audit `begin` (before anything is
 * sent), send (selectors, consent, Exec), wait for the result, pull a retrieval into the
 * vault, verify by reading back, refresh the handset's view, audit `complete` with the
 * result code and what was verified. Every path out of here completes the audit record.
 */
import { describeCimoResult, isCimoSuccess, parseManifest } from '../../../protocol/cimo/index.js';
import type { AuditConsent, AuditLog, AuditOutcome, JsonValue } from '../audit/index.js';
import { classifyFailure } from '../handsets/failure.js';
import type { MoView } from '../handsets/mo-view.js';
import type { FetchedTree } from '../handsets/tree-read.js';
import type { HandsetRegistry } from '../handsets/registry.js';
import { getText } from '../handsets/tree-read.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import type { SettingsStore } from '../settings/index.js';
import type { RetrievalDetail, Vault } from '../vault/index.js';
import { OperationError } from './errors.js';
import type { Operation } from './operation.js';
import type { OperationPlan } from './plan.js';
import { pullRetrieval } from './retrieve-pull.js';
import { sendExec } from './send-exec.js';
import type { UploadReceiver } from './upload-receiver.js';
import { startWait } from './wait-result.js';

/** The MO as one read gave it: the view, and the subtree it was built from. */
interface MoRead {
  readonly view: MoView;
  readonly tree: FetchedTree;
}

/** What running an operation needs. */
export interface RunContext {
  readonly registry: HandsetRegistry;
  readonly audit: AuditLog;
  readonly vault: Vault;
  readonly settings: SettingsStore;
  readonly uploads: UploadReceiver | undefined;
  readonly pollMs: number;
  readonly timeoutMs: number;
}

/** Runs `op` with its `plan` (planned and interlock-checked by the runner). Never rejects. */
export async function runOperation(
  op: Operation,
  plan: OperationPlan,
  ctx: RunContext,
): Promise<void> {
  const { registry, audit, settings } = ctx;
  const rec = registry.get(op.handsetId);
  const view = rec.view as MoView;
  const imei = rec.imei ?? rec.id;
  const handset = {
    imei,
    ...(rec.model === undefined ? {} : { model: rec.model }),
    link: rec.channel.description,
  };
  const mode = plan.destructive
    ? (op.request.consent ?? settings.value.consentPolicy)
    : 'not-required';
  op.auditId = audit.begin({
    operator: settings.value.operator,
    operation: plan.kind,
    handset,
    selection: {
      ...(plan.items.length > 0 ? { items: plan.items } : {}),
      ...(plan.apps.length > 0 ? { apps: plan.apps } : {}),
    },
    correlator: op.correlator,
    ...(op.request.waiver === undefined
      ? {}
      : {
          waiver: {
            by: settings.value.operator,
            items: plan.items,
            reason: op.request.waiver.reason,
          },
        }),
    detail: `consent: ${mode}`,
  });
  const auditId = op.auditId;
  let consent: AuditConsent | undefined;
  const complete = (o: AuditOutcome): void => {
    audit.complete(
      auditId,
      consent === undefined || o.consent !== undefined ? o : { ...o, consent },
    );
  };
  const isNetwork = rec.link === 'network';
  let upload: Promise<RetrievalDetail> | undefined;
  /** The MO as read in the session that saw the result (none: read it in a session of its own). */
  let resultRead: MoRead | undefined;
  // The wait is set up before the Exec goes, and its first polls run in the Exec's
  // session: one DM session fewer per operation.
  const wait = startWait({
    registry,
    handsetId: op.handsetId,
    correlator: op.correlator,
    cimoRoot: view.mo === 'cimo' ? view.root : undefined,
    pollMs: ctx.pollMs,
    timeoutMs: ctx.timeoutMs,
    cancelled: op.cancelled,
    onProgress: (p) => op.update({ progress: Math.min(99, p) }),
    // The MO (counts, locks, LastOperation with a retrieval's manifest) is read again in
    // the session that saw the result, rather than in a session of its own after it.
    inResultSession: async (s: ServerSession) => {
      resultRead = await registry.refreshIn(op.handsetId, s);
    },
  });
  // Awaited below once the Exec went; otherwise stopped, which must not go unhandled.
  wait.result.catch(() => undefined);
  try {
    if (plan.kind === 'retrieve' && isNetwork) {
      if (ctx.uploads === undefined)
        throw new OperationError('not-supported', 'no upload endpoint for network retrievals');
      upload = ctx.uploads.expect(op.correlator, {
        devId: rec.identity?.devId ?? '',
        imei,
        ...(rec.model === undefined ? {} : { model: rec.model }),
        link: rec.channel.description,
        items: plan.items,
      });
      upload.catch(() => undefined);
    }
    op.update({ status: mode === 'ui-alert' ? 'waiting-consent' : 'sending' });
    const sent = await sendExec({
      registry,
      op,
      plan,
      view,
      consent: mode,
      ...(plan.kind === 'retrieve'
        ? { retrieveTarget: isNetwork ? (ctx.uploads?.url ?? '') : 'local' }
        : {}),
      consentText: `${settings.value.operator} at the store asks to ${plan.kind.replace('-', ' ')} this phone${plan.items.length > 0 ? ` (${plan.items.join(', ')})` : ''}. Allow?`,
      onConsent: (granted) => {
        consent = {
          by: 'handset owner',
          via: 'ui-alert-1101',
          answer: granted ? 'granted' : 'refused',
        };
      },
      afterExec: (s, turn) => {
        // The Exec went; when the operation is recovered after a lost link instead, the
        // wait starts with a session of its own.
        op.update({ status: 'running' });
        return wait.pollIn(s, turn);
      },
    });
    if (sent.kind === 'consent-refused') {
      complete({
        outcome: 'refused',
        resultCode: 1401,
        resultSource: 'cimo',
        detail: `the owner answered the consent alert with ${sent.status}`,
      });
      op.update({
        status: 'done',
        resultCode: 1401,
        resultText: describeCimoResult(1401),
        progress: 100,
      });
      return;
    }
    if (sent.status !== 200 && sent.status !== 202) {
      complete({
        outcome: 'failed',
        resultCode: sent.status,
        resultSource: 'dm-status',
        detail: 'Exec refused',
      });
      op.update({
        status: 'failed',
        resultCode: sent.status,
        error: { step: 'exec', message: `the handset answered the Exec with ${sent.status}` },
      });
      return;
    }
    op.update({ status: 'running' });
    wait.poll();
    const result = await wait.result;
    const code = result.resultCode;
    if (code === 1401 && mode === 'handset')
      consent = { by: 'handset owner', via: 'handset', answer: 'refused' };
    else if (isCimoSuccess(code) && mode === 'handset')
      consent = { by: 'handset owner', via: 'handset', answer: 'granted' };
    op.update({ status: 'verifying', resultCode: code, resultText: describeCimoResult(code) });
    const check = isCimoSuccess(code)
      ? await verify(op, plan, ctx, upload, resultRead)
      : { ok: true, verification: null };
    if (!isCimoSuccess(code) && resultRead === undefined)
      await registry.refresh(op.handsetId).catch(() => undefined);
    const outcome = !isCimoSuccess(code)
      ? code === 1401
        ? 'refused'
        : 'failed'
      : check.ok
        ? 'succeeded'
        : 'failed';
    complete({
      outcome,
      resultCode: code,
      resultSource: 'cimo',
      verification: check.verification,
      ...(check.ok ? {} : { detail: 'the read-back did not confirm the operation' }),
    });
    op.update({
      status: outcome === 'failed' ? 'failed' : 'done',
      progress: 100,
      verification: JSON.stringify(check.verification),
      ...(outcome === 'failed'
        ? { error: { step: check.ok ? 'result' : 'verify', message: describeCimoResult(code) } }
        : {}),
    });
  } catch (e) {
    ctx.uploads?.forget(op.correlator);
    const cancelled = op.isCancelled;
    const f = classifyFailure(e);
    complete({
      outcome: cancelled ? 'cancelled' : op.execSent ? 'unknown' : 'failed',
      detail: cancelled
        ? op.execSent
          ? 'cancelled by the operator after the Exec was sent: the handset may still finish it'
          : 'cancelled by the operator before the Exec was sent'
        : `${f.step}: ${f.message}`,
    });
    op.update({
      status: cancelled ? 'cancelled' : 'failed',
      error: { step: e instanceof OperationError ? e.code : f.step, message: f.message },
    });
  } finally {
    // Its timer and alert listener go with it (nothing if the result came).
    wait.stop(new OperationError('cancelled', 'the operation ended before its result'));
  }
}

/**
 * Read-back after a successful result (the MO read in the result's session, else read
 * now); `ok` false when the handset still shows data.
 */
async function verify(
  op: Operation,
  plan: OperationPlan,
  ctx: RunContext,
  upload: Promise<RetrievalDetail> | undefined,
  resultRead: MoRead | undefined,
): Promise<{ ok: boolean; verification: JsonValue }> {
  const { registry } = ctx;
  if (plan.kind === 'retrieve') {
    const root = (registry.get(op.handsetId).view as MoView).root;
    const manifest = resultRead?.tree.nodes.get(`${root}/LastOperation/Manifest`)?.value;
    const detail = upload !== undefined ? await upload : await pullLocal(op, plan, ctx, manifest);
    op.retrievalId = detail.id;
    // Pulling over Folder Browsing leaves the DM tree as the result's session read it.
    if (resultRead === undefined) await registry.refresh(op.handsetId).catch(() => undefined);
    return {
      ok: detail.state === 'verified',
      verification: {
        retrievalId: detail.id,
        state: detail.state,
        objects: detail.objects.length,
        digestsVerified: detail.objects.filter((o) => o.state === 'ok').length,
      },
    };
  }
  const view = resultRead?.view ?? (await registry.refresh(op.handsetId));
  if (plan.wipes) {
    const items: Record<string, JsonValue> = {};
    let ok = true;
    for (const id of plan.items) {
      const it = view.items.find((i) => i.id === id);
      const count = it?.itemCount ?? 0;
      const size = it?.byteSize ?? 0;
      items[id] = { ItemCount: count, ByteSize: size };
      if (view.mo === 'cimo' && (count !== 0 || size !== 0)) ok = false;
    }
    return { ok, verification: { items } };
  }
  const expected =
    plan.kind === 'lock'
      ? 10
      : plan.kind === 'partial-lock'
        ? 20
        : plan.kind === 'unlock'
          ? 30
          : undefined;
  if (expected !== undefined)
    return { ok: view.state === expected, verification: { State: view.state ?? null } };
  if (plan.kind === 'uninstall') {
    const left = plan.apps.filter((a) => view.apps.some((x) => x.id === a));
    return { ok: left.length === 0, verification: { appsLeft: left } };
  }
  return { ok: true, verification: null };
}

/**
 * Reads the manifest (unless the result's session already did) and pulls the objects
 * over Folder Browsing into the vault.
 */
async function pullLocal(
  op: Operation,
  plan: OperationPlan,
  ctx: RunContext,
  manifestBytes: Uint8Array | undefined,
): Promise<RetrievalDetail> {
  const rec = ctx.registry.get(op.handsetId);
  const view = rec.view as MoView;
  const folder = rec.channel.folder;
  if (folder === undefined)
    throw new OperationError('not-supported', 'no folder browsing on this link');
  const bytes =
    manifestBytes !== undefined && manifestBytes.length > 0
      ? manifestBytes
      : new TextEncoder().encode(
          (await ctx.registry.session(op.handsetId, (s) =>
            getText(s, `${view.root}/LastOperation/Manifest`),
          )) ?? '',
        );
  if (bytes.length === 0)
    throw new OperationError('not-supported', 'the handset published no manifest');
  const manifest = parseManifest(bytes);
  if (manifest.correlator !== op.correlator)
    throw new OperationError(
      'bad-selection',
      `manifest is for ${manifest.correlator}, not ${op.correlator}`,
    );
  const id = ctx.vault.beginRetrieval({
    imei: rec.imei ?? rec.id,
    ...(rec.model === undefined ? {} : { model: rec.model }),
    link: rec.channel.description,
    correlator: op.correlator,
    manifest,
    items: plan.items,
  });
  op.retrievalId = id;
  return folder((client) =>
    pullRetrieval(client, ctx.vault, id, manifest, op.correlator, (done, total) =>
      op.update({ progress: Math.round((100 * done) / Math.max(1, total)) }),
    ),
  );
}
