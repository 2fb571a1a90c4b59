/**
 * The bench: every attached handset as a card, live from `handsets:changed`; handsets
 * that left mid-operation as ghost cards saying what happened; multi-select with batch
 * actions that go through the same review/confirm flow as a single handset.
 */
import { useAppStore } from '../../store/store.js';
import type { OperationKind } from '../../../../main/ipc/contract.js';
import { operationAdvice } from '../../lib/advice.js';
import { formatTime, splitImei } from '../../lib/format.js';
import { OPERATION_LABEL } from '../../lib/operation-plan.js';
import { BenchCard } from './bench-card.js';

const BATCH: readonly { op: OperationKind; label: string }[] = [
  { op: 'lock', label: 'Lock' },
  { op: 'unlock', label: 'Unlock' },
  { op: 'retrieve', label: 'Retrieve everything' },
  { op: 'wipe', label: 'Wipe everything…' },
];

export function BenchView() {
  const handsets = useAppStore((s) => s.handsets);
  const selected = useAppStore((s) => s.selected);
  const departed = useAppStore((s) => s.departed);
  const setSelected = useAppStore((s) => s.setSelected);
  const openFlow = useAppStore((s) => s.openFlow);
  const dismiss = useAppStore((s) => s.dismissDeparted);
  const gone = Object.entries(departed);

  return (
    <section className="view bench" aria-labelledby="bench-title">
      <div className="view-head">
        <h1 id="bench-title">Bench</h1>
        <span className="muted" aria-live="polite">
          {handsets.length === 1 ? '1 handset' : `${handsets.length} handsets`}
        </span>
        <div className="spacer" />
        <button
          type="button"
          className="button-quiet"
          disabled={handsets.length === 0}
          onClick={() =>
            setSelected(selected.length === handsets.length ? [] : handsets.map((h) => h.id))
          }
        >
          {selected.length === handsets.length && handsets.length > 0
            ? 'Select none'
            : 'Select all'}
        </button>
      </div>
      {selected.length > 0 && (
        <div className="batch-bar" role="toolbar" aria-label="Batch actions">
          <span>{selected.length} selected</span>
          {BATCH.map((b) => (
            <button
              key={b.op}
              type="button"
              className={b.op === 'wipe' ? 'button-danger' : ''}
              onClick={() =>
                openFlow({ operation: b.op, handsetIds: selected, items: [], apps: [] })
              }
            >
              {b.label}
            </button>
          ))}
        </div>
      )}
      {handsets.length === 0 && gone.length === 0 && (
        <p className="empty">
          No handsets yet. Plug a handset in with its data cable, or start a network handset
          pointing at this console; it appears here within a few seconds.
        </p>
      )}
      <div className="card-grid">
        {handsets.map((h) => (
          <BenchCard key={h.id} handset={h} selected={selected.includes(h.id)} />
        ))}
        {gone.map(([id, d]) => {
          const { tail } = splitImei(d.summary.imei);
          const op = d.operation;
          return (
            <article
              key={id}
              className="card handset-card is-departed"
              aria-label={`Unplugged handset ${tail}`}
            >
              <div className="card-top">
                <span className="card-model">{d.summary.model ?? 'Handset'}</span>
                <span className="badge badge-warn">Unplugged</span>
              </div>
              <div className="imei">
                <span className="imei-tail">{tail}</span>
              </div>
              <p className="card-error">
                Unplugged at {formatTime(d.at)}
                {op === undefined
                  ? '.'
                  : ` during ${OPERATION_LABEL[op.operation].toLowerCase()} (${op.progress}%, ${op.status}).`}{' '}
                {op !== undefined && operationAdvice(op) !== undefined
                  ? operationAdvice(op)
                  : 'Plug it back in: the console reads its LastOperation and records what really happened.'}
              </p>
              <button type="button" className="button-quiet" onClick={() => dismiss(id)}>
                Dismiss
              </button>
            </article>
          );
        })}
      </div>
    </section>
  );
}
