/**
 * One handset on the bench: who it is (model, IMEI with the last four digits large),
 * how it is linked, its lock state, what was last done to it, live progress, and any
 * error in words with what to do. Enter opens it, Space selects it.
 */
import type { KeyboardEvent } from 'react';
import type { HandsetSummary, OperationSummary } from '../../../../main/ipc/contract.js';
import { operationAdvice } from '../../lib/advice.js';
import { linkText, lockStateText, splitImei } from '../../lib/format.js';
import { OPERATION_LABEL } from '../../lib/operation-plan.js';

export interface HandsetCardProps {
  readonly handset: HandsetSummary;
  readonly lastOperation: OperationSummary | undefined;
  readonly selected: boolean;
  readonly onOpen: () => void;
  readonly onToggle: () => void;
}

const STATUS_WORDS: Readonly<Record<string, string>> = {
  queued: 'queued',
  'waiting-consent': 'waiting for the owner’s consent',
  sending: 'sending',
  running: 'running',
  verifying: 'verifying',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

/** The card's status line for an operation. */
export function operationLine(op: OperationSummary): string {
  const label = OPERATION_LABEL[op.operation];
  const words = STATUS_WORDS[op.status] ?? op.status;
  if (op.status === 'done') {
    return `${label} done${op.resultCode === undefined ? '' : ` (${op.resultCode})`}${op.verification === undefined ? '' : ` — ${op.verification}`}`;
  }
  return `${label}: ${words}`;
}

function connectionText(h: HandsetSummary): string {
  switch (h.connection.state) {
    case 'attached':
      return 'Attached';
    case 'connecting':
      return 'Connecting…';
    case 'identifying':
      return 'Identifying…';
    case 'ready':
      return 'Ready';
    case 'busy':
      return 'Busy';
    case 'detached':
      return 'Detached';
    case 'failed':
      return `Failed at ${h.connection.step}`;
  }
}

export function HandsetCard({
  handset: h,
  lastOperation,
  selected,
  onOpen,
  onToggle,
}: HandsetCardProps) {
  const { head, tail } = splitImei(h.imei);
  const active =
    h.activeOperation ??
    (lastOperation !== undefined && isRunning(lastOperation) ? lastOperation : undefined);
  const shown = active ?? lastOperation;
  const advice = shown === undefined ? undefined : operationAdvice(shown);
  const title = `${h.manufacturer ?? ''} ${h.model ?? 'Unidentified handset'}`.trim();
  const onKey = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen();
    } else if (e.key === ' ') {
      e.preventDefault();
      onToggle();
    }
  };
  return (
    <article
      className={`card handset-card state-${h.connection.state}${selected ? ' is-selected' : ''}`}
      tabIndex={0}
      aria-label={`${title}, IMEI ending ${tail || 'unknown'}${selected ? ', selected' : ''}`}
      data-handset-id={h.id}
      onKeyDown={onKey}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('input,button') === null) onOpen();
      }}
    >
      <div className="card-top">
        <input
          type="checkbox"
          tabIndex={-1}
          checked={selected}
          onChange={onToggle}
          aria-label={`Select ${title} ${tail}`}
        />
        <span className="card-model">{title}</span>
        <span className="badge" title={h.linkDescription}>
          {linkText(h.link)}
        </span>
      </div>
      <div className="imei" aria-label={`IMEI ${h.imei ?? 'unknown'}`}>
        <span className="imei-head">{head}</span>
        <span className="imei-tail">{tail}</span>
      </div>
      <div className="card-facts">
        <span className={`lock lock-${h.lockState ?? 0}`}>{lockStateText(h.lockState)}</span>
        <span className="conn">{connectionText(h)}</span>
        {h.mo !== undefined && <span className="badge badge-quiet">{h.mo.toUpperCase()}</span>}
      </div>
      {shown !== undefined && (
        <div className="card-op">
          <span className="op-line">{operationLine(shown)}</span>
          {active !== undefined && (
            <progress
              max={100}
              value={active.progress}
              aria-label={`${OPERATION_LABEL[active.operation]} progress`}
            >
              {active.progress}%
            </progress>
          )}
        </div>
      )}
      {h.connection.state === 'detached' && (
        <p className="card-error unplugged">
          Unplugged
          {shown !== undefined && isRunning(shown)
            ? ` during ${OPERATION_LABEL[shown.operation].toLowerCase()} (${shown.progress}%). The console will read the handset’s LastOperation when it is plugged back in and record what really happened; do not repeat the operation before that.`
            : '. Plug it back in to work with it again.'}
        </p>
      )}
      {h.connection.state === 'failed' && (
        <p className="card-error">
          {h.connection.message} {h.connection.hint}
        </p>
      )}
      {advice !== undefined && <p className="card-error">{advice}</p>}
    </article>
  );
}

/** Whether the operation is still under way. */
export function isRunning(op: OperationSummary): boolean {
  return !['done', 'failed', 'cancelled', 'interrupted'].includes(op.status);
}
