/**
 * The vault: retrievals per handset (verified or not), and one retrieval's contents —
 * contacts, calendar, notes, photo thumbnails — with export for the customer and delete.
 */
import { useEffect, useState } from 'react';
import type { RetrievalView, VaultContents } from '../../../../main/ipc/contract.js';
import { call } from '../../components/use-invoke.js';
import { formatBytes, formatTime } from '../../lib/format.js';
import { useAppStore } from '../../store/store.js';

export function VaultView() {
  const [list, setList] = useState<readonly RetrievalView[] | undefined>(undefined);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [contents, setContents] = useState<VaultContents | undefined>(undefined);
  const [folder, setFolder] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState('');
  const notify = useAppStore((s) => s.notify);

  const load = async (): Promise<void> => {
    const l = await call('vault:list', {});
    if (l !== undefined) {
      setList(l);
      if (open === undefined && l[0] !== undefined) setOpen(l[l.length - 1]?.id);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    setContents(undefined);
    setMessage(undefined);
    if (open === undefined) return;
    void call('vault:get-contents', { retrievalId: open }).then((c) => setContents(c));
  }, [open]);

  const shown = (list ?? []).filter(
    (r) =>
      filter === '' ||
      r.handsetImei.includes(filter) ||
      r.model.toLowerCase().includes(filter.toLowerCase()),
  );
  const current = list?.find((r) => r.id === open);
  const doExport = async (): Promise<void> => {
    if (open === undefined || folder.trim() === '') return;
    const r = await call('vault:export', { retrievalId: open, folder: folder.trim() });
    if (r !== undefined) setMessage(`Exported ${r.files} files to ${r.folder}.`);
  };
  const doDelete = async (): Promise<void> => {
    if (open === undefined) return;
    const r = await call('vault:delete', { retrievalId: open });
    if (r?.deleted === true) {
      notify('info', 'Retrieval deleted from the vault (recorded in the audit log).');
      setOpen(undefined);
      await load();
    }
  };

  return (
    <section className="view vault" aria-labelledby="vault-title">
      <div className="view-head">
        <h1 id="vault-title">Vault</h1>
        <label className="inline">
          Handset
          <input
            type="search"
            placeholder="IMEI or model"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        <div className="spacer" />
        <button type="button" className="button-quiet" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="split">
        <nav className="panel list-panel" aria-label="Retrievals">
          {list === undefined && <p className="muted">Loading…</p>}
          {list !== undefined && shown.length === 0 && (
            <p className="empty">No retrievals yet. Retrieve a handset’s data from its Overview.</p>
          )}
          <ul className="pick-list">
            {shown.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  aria-current={open === r.id ? 'true' : undefined}
                  onClick={() => setOpen(r.id)}
                  data-retrieval-id={r.id}
                >
                  <span className="pick-title">
                    {r.model} …{r.handsetImei.slice(-4)}
                  </span>
                  <span className="muted">
                    {formatTime(r.created)} · {r.items.join(', ')} · {r.objectCount} objects ·{' '}
                    {formatBytes(r.byteSize)}
                  </span>
                  <span className={r.verified ? 'ok' : 'warn'}>
                    {r.verified ? '✓ verified' : '✗ not verified'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="panel contents-panel">
          {current === undefined ? (
            <p className="muted">Choose a retrieval.</p>
          ) : (
            <>
              <div className="panel-head">
                <h2>
                  {current.model} IMEI {current.handsetImei}
                </h2>
                <span className={current.verified ? 'ok' : 'warn'}>
                  {current.verified
                    ? 'Verified: every object matched its manifest digest'
                    : 'Not verified'}
                </span>
              </div>
              <div className="export-row">
                <label className="inline">
                  Export to folder
                  <input
                    type="text"
                    placeholder="/media/usb/customer"
                    value={folder}
                    onChange={(e) => setFolder(e.target.value)}
                  />
                </label>
                <button
                  type="button"
                  disabled={folder.trim() === ''}
                  onClick={() => void doExport()}
                >
                  Export for the customer
                </button>
                <button type="button" className="button-danger" onClick={() => void doDelete()}>
                  Delete retrieval
                </button>
              </div>
              {message !== undefined && <p role="status">{message}</p>}
              {contents === undefined ? (
                <p className="muted">Decrypting…</p>
              ) : (
                <Contents c={contents} />
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

function Contents({ c }: { c: VaultContents }) {
  return (
    <div className="contents">
      <h3>Contacts ({c.contacts.length})</h3>
      {c.contacts.length > 0 && (
        <table className="table compact contacts-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phone</th>
            </tr>
          </thead>
          <tbody>
            {c.contacts.map((x, i) => (
              <tr key={i}>
                <td>{x.name}</td>
                <td>{x.phones.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Calendar ({c.events.length})</h3>
      <ul className="plain">
        {c.events.map((e, i) => (
          <li key={i}>
            {formatTime(e.start)} — {e.summary}
          </li>
        ))}
      </ul>
      <h3>Notes ({c.notes.length})</h3>
      <ul className="plain">
        {c.notes.map((n, i) => (
          <li key={i}>{n.text}</li>
        ))}
      </ul>
      <h3>Photos ({c.photos.length})</h3>
      <div className="thumbs">
        {c.photos.map((p, i) => (
          <figure key={i}>
            <img src={p.dataUrl} alt={p.name} loading="lazy" />
            <figcaption>{p.name}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
