/**
 * The audit log: filter by handset, operator and operation; chain verification status;
 * export as CSV or JSON (downloaded as a file).
 */
import { useEffect, useState } from 'react';
import type { AuditRecordView, ResultMap } from '../../../../main/ipc/contract.js';
import { call } from '../../components/use-invoke.js';
import { saveText } from '../../components/save-text.js';
import { formatTime } from '../../lib/format.js';

export function AuditView() {
  const [rows, setRows] = useState<readonly AuditRecordView[] | undefined>(undefined);
  const [handset, setHandset] = useState('');
  const [operator, setOperator] = useState('');
  const [operation, setOperation] = useState('');
  const [check, setCheck] = useState<ResultMap['audit:verify'] | undefined>(undefined);

  const load = async (): Promise<void> => {
    const r = await call('audit:list', {
      ...(handset === '' ? {} : { handset }),
      ...(operator === '' ? {} : { operator }),
      ...(operation === '' ? {} : { operation }),
      limit: 2000,
    });
    if (r !== undefined) setRows(r);
  };
  const verify = async (): Promise<void> => setCheck(await call('audit:verify', {}));
  useEffect(() => {
    void load();
    void verify();
  }, []);
  const exportAs = async (format: 'csv' | 'json'): Promise<void> => {
    const r = await call('audit:export', { format });
    if (r !== undefined)
      saveText(r.text, `cimo-audit.${format}`, format === 'csv' ? 'text/csv' : 'application/json');
  };

  return (
    <section className="view audit" aria-labelledby="audit-title">
      <div className="view-head">
        <h1 id="audit-title">Audit log</h1>
        <span
          className={
            check === undefined ? 'muted' : check.ok ? 'ok chain-status' : 'warn chain-status'
          }
          role="status"
        >
          {check === undefined
            ? 'Checking the chain…'
            : check.ok
              ? `Chain verified: ${check.records} records, none edited or removed`
              : `Chain broken: ${check.problem ?? 'a record was changed'} — export the log and report it`}
        </span>
        <div className="spacer" />
        <button type="button" className="button-quiet" onClick={() => void verify()}>
          Verify again
        </button>
        <button type="button" onClick={() => void exportAs('csv')}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportAs('json')}>
          Export JSON
        </button>
      </div>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label className="inline">
          Handset (IMEI)
          <input type="search" value={handset} onChange={(e) => setHandset(e.target.value)} />
        </label>
        <label className="inline">
          Operator
          <input type="search" value={operator} onChange={(e) => setOperator(e.target.value)} />
        </label>
        <label className="inline">
          Operation
          <input type="search" value={operation} onChange={(e) => setOperation(e.target.value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit records">
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Operator</th>
              <th scope="col">Action</th>
              <th scope="col">Handset</th>
              <th scope="col">Detail</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <tr key={r.id}>
                <td className="num">{r.id}</td>
                <td>{formatTime(r.at)}</td>
                <td>{r.operator}</td>
                <td>{r.action}</td>
                <td className="mono">{r.handset}</td>
                <td>{r.detail}</td>
                <td>{r.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows !== undefined && rows.length === 0 && <p className="empty">No records match.</p>}
      </div>
    </section>
  );
}
