/**
 * Sending an operation: in one session, the selectors (ToBe*), the retrieve target, the
 * consent request (UI alert 1101) when the policy says so, and the Exec with our
 * correlator. A transport failure before the Exec may have left is simply retried; after
 * it may have left, the runner reads `LastOperation` first and resends only when the
 * handset has no record of our correlator — so a destructive Exec never runs twice.
 */
import { cimoPaths } from '../../../protocol/cimo/index.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import type { SessionTurn } from '../handsets/channel.js';
import type { HandsetRegistry } from '../handsets/registry.js';
import type { MoView } from '../handsets/mo-view.js';
import type { Operation } from './operation.js';
import type { OperationPlan } from './plan.js';
import { readLastOperation } from './wait-result.js';

/** How the send ended. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly status: number; readonly recovered: boolean }
  /** The owner answered the 1101 alert with no (304) or cancel (214). */
  | { readonly kind: 'consent-refused'; readonly status: number };

/** Inputs of {@link sendExec}. */
export interface SendInput {
  readonly registry: HandsetRegistry;
  readonly op: Operation;
  readonly plan: OperationPlan;
  readonly view: MoView;
  readonly consent: 'handset' | 'ui-alert' | 'not-required';
  /** `Config/RetrieveTarget` for a Retrieve. */
  readonly retrieveTarget?: string;
  /** Text of the 1101 alert. */
  readonly consentText: string;
  /** Called when the owner answered the 1101 alert. */
  readonly onConsent?: (granted: boolean) => void;
  readonly attempts?: number;
  /**
   * Runs in the Exec's session once the handset accepted it (200 or 202), before the
   * session closes: the wait's first polls then cost no session of their own.
   */
  readonly afterExec?: (s: ServerSession, turn: SessionTurn) => Promise<void>;
}

const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && (e as { dmStatusError?: unknown }).dmStatusError === true
    ? (e as { status: number }).status
    : undefined;

/** See the module comment. Rethrows the last transport failure when attempts run out. */
export async function sendExec(i: SendInput): Promise<SendOutcome> {
  const { registry, op, plan, view } = i;
  const attempts = i.attempts ?? 3;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (op.isCancelled) throw new Error('cancelled');
    try {
      return await registry.session(op.handsetId, async (s, turn) => {
        // The selectors and Config in one package (the handset applies them in order);
        // the Exec goes only after every one of them succeeded.
        const settings = plan.selectors.map((sel) =>
          s.replace(sel.uri, sel.value, { format: sel.format }),
        );
        if (view.mo === 'cimo') {
          const cfg = cimoPaths(view.root).config;
          if (i.retrieveTarget !== undefined)
            settings.push(s.replace(cfg.RetrieveTarget, i.retrieveTarget, { format: 'chr' }));
          if (i.consent === 'handset' && plan.destructive)
            settings.push(s.replace(cfg.ConsentRequired, 'true', { format: 'bool' }));
        }
        await Promise.all(settings);
        if (i.consent === 'ui-alert' && plan.destructive) {
          const a = await s.alert({ code: 1101, text: i.consentText, options: { MAXDT: 120 } });
          const granted = a.status === 200;
          i.onConsent?.(granted);
          if (!granted) return { kind: 'consent-refused', status: a.status } as const;
        }
        op.execSent = true;
        let status: number;
        try {
          status = (await s.exec(plan.execUri, { correlator: op.correlator })).status;
        } catch (e) {
          // The handset answered the Exec with an error status: it did not run.
          const failed = statusOf(e);
          if (failed === undefined) throw e;
          op.execSent = false;
          return { kind: 'sent', status: failed, recovered: false } as const;
        }
        // Outside the try above: nothing after the Exec may pass for its refusal.
        if (status === 200 || status === 202) await i.afterExec?.(s, turn);
        return { kind: 'sent', status, recovered: false } as const;
      });
    } catch (e) {
      last = e;
      if (statusOf(e) !== undefined) throw e;
      if (!op.execSent) continue;
      if (view.mo !== 'cimo') throw e;
      // The Exec may have reached the handset: ask it before deciding (the link may need
      // a moment to come back). Never resend blind.
      const lo = await readWithRetry(registry, op.handsetId, view.root);
      if (lo.correlator === op.correlator) return { kind: 'sent', status: 202, recovered: true };
      op.execSent = false;
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}

async function readWithRetry(
  registry: HandsetRegistry,
  handsetId: string,
  root: string,
): ReturnType<typeof readLastOperation> {
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      return await readLastOperation(registry, handsetId, root);
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, 1000 * (i + 1)));
    }
  }
  throw last instanceof Error ? last : new Error(String(last));
}
