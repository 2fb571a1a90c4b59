/** Installed applications with uninstall (through the operation flow). */
import { useState } from 'react';
import type { HandsetDetail } from '../../../../main/ipc/contract.js';
import { useAppStore } from '../../store/store.js';

export function AppsPanel({ detail }: { detail: HandsetDetail }) {
  const openFlow = useAppStore((s) => s.openFlow);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const toggle = (id: string): void =>
    setChosen(chosen.includes(id) ? chosen.filter((x) => x !== id) : [...chosen, id]);
  return (
    <section className="panel" aria-labelledby="apps-title">
      <h2 id="apps-title">Installed apps</h2>
      {detail.apps.length === 0 ? (
        <p className="muted">No applications reported.</p>
      ) : (
        <ul className="app-list">
          {detail.apps.map((a) => (
            <li key={a.id}>
              <label>
                <input
                  type="checkbox"
                  disabled={!a.removable}
                  checked={chosen.includes(a.id)}
                  onChange={() => toggle(a.id)}
                />
                <span>
                  {a.name}{' '}
                  <span className="muted">
                    {a.version} · {a.vendor}
                  </span>
                </span>
              </label>
              {!a.removable && <span className="badge badge-quiet">System</span>}
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="button-danger"
        disabled={chosen.length === 0}
        onClick={() =>
          openFlow({ operation: 'uninstall', handsetIds: [detail.id], items: [], apps: chosen })
        }
      >
        Uninstall {chosen.length === 0 ? '' : `${chosen.length} `}selected…
      </button>
    </section>
  );
}
