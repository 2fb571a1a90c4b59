/**
 * Progress and result of started operations, per handset: live bars from
 * `operations:progress`, cancel, then the outcome with its verification — counts read
 * back after a wipe, the digest check after a retrieval — and what to do on failure.
 */
import { useEffect, useRef } from 'react';
import type { OperationSummary } from '../../../../main/ipc/contract.js';
import { api } from '../../api/client.js';
import { operationAdvice } from '../../lib/advice.js';
import { resultOk, resultText } from '../../lib/codes.js';
import { OPERATION_LABEL } from '../../lib/operation-plan.js';
import type { PlanTarget } from '../../lib/operation-plan.js';
import { useAppStore } from '../../store/store.js';
import { isRunning } from '../bench/handset-card.js';

export interface FlowProgressProps {
  readonly started: readonly OperationSummary[];
  readonly targets: readonly PlanTarget[];
  readonly onClose: () => void;
}

export function FlowProgress({ started, targets, onClose }: FlowProgressProps) {
  const operations = useAppStore((s) => s.operations);
  const details = useAppStore((s) => s.details);
  const navigate = useAppStore((s) => s.navigate);
  const ops = started.map((o) => operations[o.id] ?? o);
  const running = ops.some(isRunning);
  const setDetail = useAppStore((s) => s.setDetail);
  // Read each handset back once its operation ends: the result shows real counts.
  const reread = useRef(new Set<string>());
  const finishedKey = ops
    .filter((o) => !isRunning(o))
    .map((o) => o.id)
    .join(',');
  useEffect(() => {
    for (const o of ops) {
      if (isRunning(o) || reread.current.has(o.id)) continue;
      reread.current.add(o.id);
      void api.invoke('handset:get-detail', { handsetId: o.handsetId }).then((r) => {
        if (r.ok) setDetail(r.value);
      });
    }
  }, [finishedKey]);
  return (
    <div className="flow-step" data-step="progress">
      <p className="muted" aria-live="polite">
        {running
          ? 'Running — you can close this window; the bench keeps showing progress.'
          : 'Finished.'}
      </p>
      <ul className="results">
        {ops.map((op) => {
          const t = targets.find((x) => x.handsetId === op.handsetId);
          const label = OPERATION_LABEL[op.operation];
          const advice = operationAdvice(op);
          const ok =
            op.status === 'done' && (op.resultCode === undefined || resultOk(op.resultCode));
          const detail = details[op.handsetId];
          const wipedItems =
            op.operation === 'wipe' || op.operation === 'factory-reset'
              ? (detail?.items ?? []).filter(
                  (i) => t === undefined || t.items.length === 0 || t.items.includes(i.id),
                )
              : [];
          return (
            <li
              key={op.id}
              className={`result result-${op.status}`}
              data-operation-id={op.id}
              data-status={op.status}
            >
              <div className="result-head">
                <strong>
                  {t?.label ?? op.handsetId} {t?.imei === undefined ? '' : `…${t.imei.slice(-4)}`}
                </strong>
                <span className="result-status">
                  {label}: {op.status}
                  {op.resultCode === undefined
                    ? ''
                    : ` — ${op.resultCode} ${op.resultText ?? resultText(op.resultCode)}`}
                </span>
              </div>
              {isRunning(op) && (
                <div className="progress-row">
                  <progress max={100} value={op.progress} aria-label={`${label} progress`}>
                    {op.progress}%
                  </progress>
                  <span>{op.progress}%</span>
                  <button
                    type="button"
                    className="button-quiet"
                    onClick={() => void api.invoke('operations:cancel', { operationId: op.id })}
                  >
                    Cancel
                  </button>
                </div>
              )}
              {op.verification !== undefined && (
                <p className="verification">Verification: {op.verification}</p>
              )}
              {ok && wipedItems.length > 0 && (
                <p className="verification">
                  Read back from the handset:{' '}
                  {wipedItems.map((i) => `${i.name} ${i.itemCount} items`).join(', ')}
                  {wipedItems.every((i) => i.itemCount === 0)
                    ? ' — all zero ✓'
                    : ' — not all zero yet; refresh the handset'}
                </p>
              )}
              {ok && op.operation === 'retrieve' && (
                <button
                  type="button"
                  onClick={() => {
                    onClose();
                    navigate('vault');
                  }}
                >
                  Open in vault
                </button>
              )}
              {advice !== undefined && <p className="card-error">{advice}</p>}
            </li>
          );
        })}
      </ul>
      <div className="flow-buttons">
        <button type="button" className="button-primary" onClick={onClose}>
          {running ? 'Close (keeps running)' : 'Done'}
        </button>
      </div>
    </div>
  );
}
