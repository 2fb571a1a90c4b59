/**
 * The CIMO view: every information item with count, size, lock and last verified
 * retrieval, and checkboxes choosing what the next lock/retrieve/wipe applies to.
 */
import { useState } from 'react';
import type { HandsetDetail, OperationKind } from '../../../../main/ipc/contract.js';
import { formatBytes, formatTime } from '../../lib/format.js';
import { useAppStore } from '../../store/store.js';

export function CimoPanel({ detail }: { detail: HandsetDetail }) {
  const openFlow = useAppStore((s) => s.openFlow);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const ids = detail.items.map((i) => i.id);
  const toggle = (id: string): void =>
    setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  const run = (operation: OperationKind, items: readonly string[] = chosen): void =>
    openFlow({ operation, handsetIds: [detail.id], items, apps: [] });
  const lawmo = detail.mo === 'lawmo';
  return (
    <section className="panel cimo" aria-labelledby="cimo-title">
      <h2 id="cimo-title">Information on the handset</h2>
      {lawmo && (
        <p className="muted">
          This handset speaks LAWMO: lock, unlock, wipe and factory reset are available; retrieve
          and per-item lock are not.
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Choose every item"
                checked={chosen.length === ids.length && ids.length > 0}
                onChange={() => setChosen(chosen.length === ids.length ? [] : ids)}
              />
            </th>
            <th scope="col">Item</th>
            <th scope="col">Where</th>
            <th scope="col" className="num">
              Count
            </th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Lock</th>
            <th scope="col">Last verified retrieval</th>
          </tr>
        </thead>
        <tbody>
          {detail.items.map((i) => (
            <tr
              key={i.id}
              data-item-id={i.id}
              className={chosen.includes(i.id) ? 'is-selected' : ''}
            >
              <td>
                <input
                  type="checkbox"
                  aria-label={`Choose ${i.name}`}
                  checked={chosen.includes(i.id)}
                  onChange={() => toggle(i.id)}
                />
              </td>
              <th scope="row">{i.name}</th>
              <td>{i.location}</td>
              <td className="num item-count">{i.itemCount}</td>
              <td className="num">{formatBytes(i.byteSize)}</td>
              <td>{i.locked ? <span className="lock lock-10">Locked</span> : 'Open'}</td>
              <td>
                {i.verifiedRetrieval === undefined ? (
                  <span className="muted">None</span>
                ) : (
                  <span className="ok">✓ {formatTime(i.verifiedRetrieval.at)}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions" role="group" aria-label="Item actions">
        <span className="muted">
          {chosen.length === 0 ? 'Choose items, then:' : `${chosen.length} chosen:`}
        </span>
        <button
          type="button"
          disabled={chosen.length === 0 || lawmo}
          onClick={() => run('retrieve')}
        >
          Retrieve
        </button>
        <button
          type="button"
          disabled={chosen.length === 0 || lawmo}
          onClick={() => run('partial-lock')}
        >
          Lock items
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={chosen.length === 0}
          onClick={() => run('wipe')}
        >
          Wipe…
        </button>
      </div>
      <div className="actions" role="group" aria-label="Handset actions">
        <span className="muted">Whole handset:</span>
        <button type="button" onClick={() => run('lock', [])}>
          Lock handset
        </button>
        <button type="button" onClick={() => run('unlock', [])}>
          Unlock
        </button>
        <button type="button" className="button-danger" onClick={() => run('factory-reset', [])}>
          Factory reset…
        </button>
      </div>
    </section>
  );
}
