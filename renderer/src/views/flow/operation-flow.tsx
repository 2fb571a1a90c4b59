/**
 * The operation flow: review (what exactly will happen to which handset — nothing is
 * sent until the operator confirms), the retrieval-before-wipe interlock with its
 * waiver, the consent step, a stronger confirmation for irreversible steps (the last
 * four IMEI digits for a factory reset), then progress and the verified result.
 */
import { useEffect, useState } from 'react';
import type {
  HandsetDetail,
  OperationSummary,
  RequestArgs,
} from '../../../../main/ipc/contract.js';
import { api } from '../../api/client.js';
import { Dialog } from '../../components/dialog.js';
import { ipcErrorAdvice } from '../../lib/advice.js';
import {
  OPERATION_LABEL,
  confirmationMatches,
  describeTarget,
  isIrreversible,
  needsConsentStep,
  takesItems,
  unretrievedItems,
} from '../../lib/operation-plan.js';
import type { PlanTarget } from '../../lib/operation-plan.js';
import { useAppStore } from '../../store/store.js';
import type { FlowRequest } from '../../store/ui-slice.js';
import { FlowProgress } from './flow-progress.js';

type Step = 'review' | 'interlock' | 'consent' | 'confirm' | 'progress';
type Consent = 'handset' | 'ui-alert' | 'not-required';

const CONSENT_TEXT: Readonly<Record<Consent, string>> = {
  handset: 'The handset asks its owner (the owner confirms on the phone).',
  'ui-alert': 'The console sends a confirm-or-reject alert (1101) to the handset first.',
  'not-required': 'No consent is asked: the customer has agreed at the counter.',
};

export function OperationFlow({ request }: { request: FlowRequest }) {
  const close = useAppStore((s) => s.closeFlow);
  const handsets = useAppStore((s) => s.handsets);
  const details = useAppStore((s) => s.details);
  const setDetail = useAppStore((s) => s.setDetail);
  const upsert = useAppStore((s) => s.upsertOperation);
  const settings = useAppStore((s) => s.settings);
  const [req, setReq] = useState(request);
  const [step, setStep] = useState<Step>('review');
  const [waiver, setWaiver] = useState('');
  const [waive, setWaive] = useState(false);
  const [consent, setConsent] = useState<Consent>(settings?.consentPolicy ?? 'handset');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [started, setStarted] = useState<readonly OperationSummary[]>([]);
  const [busy, setBusy] = useState(false);

  // Details are needed for names and for the interlock; fetch those not yet known.
  useEffect(() => {
    for (const id of request.handsetIds) {
      if (details[id] !== undefined) continue;
      void api.invoke('handset:get-detail', { handsetId: id }).then((r) => {
        if (r.ok) setDetail(r.value);
      });
    }
    // Only on open: later detail updates arrive through the store.
  }, [request]);

  const targets: PlanTarget[] = req.handsetIds.map((id) => {
    const d: HandsetDetail | undefined = details[id];
    const s = handsets.find((h) => h.id === id) ?? d;
    return {
      handsetId: id,
      label: `${s?.manufacturer ?? ''} ${s?.model ?? 'Handset'}`.trim(),
      imei: s?.imei,
      items: req.items,
      detail: d,
    };
  });
  const op = req.operation;
  const label = OPERATION_LABEL[op];
  const blocked = targets
    .map((t) => ({ t, items: unretrievedItems(op, t) }))
    .filter((b) => b.items.length > 0);
  const interlockOn = settings?.requireRetrievalBeforeWipe ?? true;
  const single = targets.length === 1 ? targets[0] : undefined;

  const next = (from: Step): void => {
    const order: Step[] = ['review', 'interlock', 'consent', 'confirm'];
    for (let i = order.indexOf(from) + 1; i < order.length; i++) {
      const s = order[i];
      if (s === 'interlock' && !(interlockOn && blocked.length > 0)) continue;
      if (s === 'consent' && !needsConsentStep(op)) continue;
      if (s === 'confirm' && !isIrreversible(op)) continue;
      if (s !== undefined) {
        setStep(s);
        return;
      }
    }
    void start();
  };

  const start = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    const args: RequestArgs<'operations:start'> = {
      handsetIds: [...req.handsetIds],
      operation: op,
      ...(takesItems(op) && req.items.length > 0 ? { items: [...req.items] } : {}),
      ...(op === 'uninstall' ? { apps: [...req.apps] } : {}),
      ...(waive && waiver.trim().length >= 3 ? { waiver: { reason: waiver.trim() } } : {}),
      ...(needsConsentStep(op) ? { consent } : {}),
      ...(op === 'factory-reset' && single?.imei !== undefined
        ? { confirmation: typed.trim() }
        : {}),
    };
    const r = await api.invoke('operations:start', args);
    setBusy(false);
    if (!r.ok) {
      setError(ipcErrorAdvice(r.error));
      if (r.error.code === 'interlock') setStep('interlock');
      return;
    }
    for (const o of r.value) upsert(o);
    setStarted(r.value);
    setStep('progress');
  };

  const retrieveFirst = (): void => {
    const items =
      single?.detail?.items.filter((i) => blocked[0]?.items.includes(i.name)).map((i) => i.id) ??
      [];
    setReq({ ...req, operation: 'retrieve', items });
    setStep('review');
    setWaive(false);
  };

  return (
    <Dialog
      title={`${label}${targets.length > 1 ? ` — ${targets.length} handsets` : ''}`}
      onClose={close}
      wide
    >
      <ol className="steps" aria-label="Steps">
        {(['review', 'interlock', 'consent', 'confirm', 'progress'] as const).map((s) => (
          <li key={s} aria-current={step === s ? 'step' : undefined}>
            {s === 'review'
              ? 'Review'
              : s === 'interlock'
                ? 'Retrieval check'
                : s === 'consent'
                  ? 'Consent'
                  : s === 'confirm'
                    ? 'Confirm'
                    : 'Progress & result'}
          </li>
        ))}
      </ol>
      {error !== undefined && (
        <p className="flow-error" role="alert">
          {error}
        </p>
      )}
      {step === 'review' && (
        <div className="flow-step" data-step="review">
          <p className="callout">Nothing is sent until you confirm.</p>
          <ul className="plan">
            {targets.map((t) => (
              <li key={t.handsetId}>{describeTarget(op, t, req.apps)}</li>
            ))}
          </ul>
          <div className="flow-buttons">
            <button type="button" className="button-quiet" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="button-primary"
              onClick={() => next('review')}
              disabled={busy}
            >
              {isIrreversible(op) || needsConsentStep(op) ? 'Continue' : `${label} now`}
            </button>
          </div>
        </div>
      )}
      {step === 'interlock' && (
        <div className="flow-step" data-step="interlock">
          <p className="callout callout-warn" role="alert">
            Stopped: these items have no verified retrieval, so wiping them would lose the
            customer’s data.
          </p>
          <ul className="plan">
            {blocked.map((b) => (
              <li key={b.t.handsetId}>
                {b.t.label} {b.t.imei?.slice(-4)}: {b.items.join(', ')}
              </li>
            ))}
          </ul>
          <p>
            Retrieve them first (recommended), or waive the check with a reason that goes into the
            audit log.
          </p>
          <label className="check">
            <input type="checkbox" checked={waive} onChange={(e) => setWaive(e.target.checked)} />
            Waive the retrieval check
          </label>
          {waive && (
            <label className="block">
              Reason for the waiver (recorded with your name)
              <textarea
                value={waiver}
                onChange={(e) => setWaiver(e.target.value)}
                rows={2}
                maxLength={500}
              />
            </label>
          )}
          <div className="flow-buttons">
            <button type="button" className="button-quiet" onClick={close}>
              Cancel
            </button>
            {single !== undefined && (
              <button type="button" onClick={retrieveFirst}>
                Retrieve them first
              </button>
            )}
            <button
              type="button"
              className="button-danger"
              disabled={!waive || waiver.trim().length < 3}
              onClick={() => next('interlock')}
            >
              Continue with waiver
            </button>
          </div>
        </div>
      )}
      {step === 'consent' && (
        <fieldset className="flow-step" data-step="consent">
          <legend>Owner’s consent</legend>
          {(Object.keys(CONSENT_TEXT) as Consent[]).map((c) => (
            <label key={c} className="check">
              <input
                type="radio"
                name="consent"
                checked={consent === c}
                onChange={() => setConsent(c)}
              />
              {CONSENT_TEXT[c]}
            </label>
          ))}
          <div className="flow-buttons">
            <button type="button" className="button-quiet" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="button-primary"
              onClick={() => next('consent')}
              disabled={busy}
            >
              {isIrreversible(op) ? 'Continue' : `${label} now`}
            </button>
          </div>
        </fieldset>
      )}
      {step === 'confirm' && (
        <div className="flow-step" data-step="confirm">
          <p className="callout callout-danger">This cannot be undone.</p>
          <ul className="plan">
            {targets.map((t) => (
              <li key={t.handsetId}>{describeTarget(op, t, req.apps)}</li>
            ))}
          </ul>
          {op === 'factory-reset' && (
            <label className="block">
              Type the last four digits of the IMEI (
              {single?.imei === undefined ? 'unknown' : `…${single.imei.slice(0, -4)}____`}) to
              confirm
              <input
                type="text"
                inputMode="numeric"
                autoComplete="off"
                maxLength={4}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
          )}
          <div className="flow-buttons">
            <button type="button" className="button-quiet" onClick={close}>
              Cancel
            </button>
            <button
              type="button"
              className="button-danger"
              disabled={
                busy ||
                (op === 'factory-reset' &&
                  (single === undefined || !confirmationMatches(typed, single.imei)))
              }
              onClick={() => void start()}
            >
              {label}{' '}
              {targets.length === 1
                ? `…${targets[0]?.imei?.slice(-4) ?? ''}`
                : `${targets.length} handsets`}{' '}
              now
            </button>
          </div>
        </div>
      )}
      {step === 'progress' && <FlowProgress started={started} targets={targets} onClose={close} />}
    </Dialog>
  );
}
