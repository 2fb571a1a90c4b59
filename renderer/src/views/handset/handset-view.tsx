/**
 * One handset: identity, the CIMO view (items with their state and selection for
 * lock/retrieve/wipe), installed apps, and the DM tree browser. The detail is refetched
 * whenever one of the handset's operations finishes, so counts after a wipe are real.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../../components/use-invoke.js';
import { lockStateText, linkText, splitImei } from '../../lib/format.js';
import { lastOperationOf } from '../../store/handsets-slice.js';
import { useAppStore } from '../../store/store.js';
import { AppsPanel } from './apps-panel.js';
import { CimoPanel } from './cimo-panel.js';
import { IdentityPanel } from './identity-panel.js';
import { TreeBrowser, readTreeAhead, startTreeRequest } from './tree-browser.js';

type Tab = 'overview' | 'tree';

export function HandsetView() {
  const handsetId = useAppStore((s) => s.handsetId);
  const detail = useAppStore((s) => (handsetId === undefined ? undefined : s.details[handsetId]));
  const summary = useAppStore((s) => s.handsets.find((h) => h.id === handsetId));
  const lastOp = useAppStore((s) =>
    handsetId === undefined ? undefined : lastOperationOf(s.operations, handsetId),
  );
  const setDetail = useAppStore((s) => s.setDetail);
  const [tab, setTab] = useState<Tab>('overview');
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    if (handsetId === undefined) return;
    setLoading(true);
    const d = await call('handset:get-detail', { handsetId });
    setLoading(false);
    if (d !== undefined) setDetail(d);
  }, [handsetId, setDetail]);

  useEffect(() => {
    void load();
  }, [load]);

  // The overview is where the DM tree tab is opened from: read the tree ahead so the
  // browser opens at once (only a tree the console already holds; see readTreeAhead).
  useEffect(() => {
    if (handsetId !== undefined && tab === 'overview') readTreeAhead(handsetId);
  }, [handsetId, tab]);

  // Refetch when an operation of this handset finishes (verification: counts after wipe).
  const lastKey = lastOp === undefined ? '' : `${lastOp.id}:${lastOp.status}`;
  const prevKey = useRef(lastKey);
  useEffect(() => {
    if (prevKey.current !== lastKey && lastOp !== undefined) {
      if (['done', 'failed', 'interrupted', 'cancelled'].includes(lastOp.status)) {
        void load();
        // The operation's session may have changed the tree read ahead.
        if (handsetId !== undefined && tab === 'overview') readTreeAhead(handsetId);
      }
    }
    prevKey.current = lastKey;
  }, [lastKey, lastOp, load, handsetId, tab]);

  if (handsetId === undefined) {
    return (
      <section className="view">
        <h1>Handset</h1>
        <p className="empty">Open a handset from the bench.</p>
      </section>
    );
  }
  const h = summary ?? detail;
  const { head, tail } = splitImei(h?.imei);
  const title =
    h === undefined ? 'Handset' : `${h.manufacturer ?? ''} ${h.model ?? ''}`.trim() || 'Handset';
  return (
    <section className="view handset" aria-labelledby="handset-title">
      <div className="view-head">
        <h1 id="handset-title">{title}</h1>
        <span className="imei imei-inline" aria-label={`IMEI ${h?.imei ?? 'unknown'}`}>
          <span className="imei-head">{head}</span>
          <span className="imei-tail">{tail}</span>
        </span>
        {h !== undefined && <span className="badge">{linkText(h.link)}</span>}
        {h !== undefined && (
          <span className={`lock lock-${h.lockState ?? 0}`}>{lockStateText(h.lockState)}</span>
        )}
        {summary === undefined && <span className="badge badge-warn">Not on the bench</span>}
        <div className="spacer" />
        <div className="tabs" role="group" aria-label="Handset sections">
          <button
            type="button"
            aria-pressed={tab === 'overview'}
            onClick={() => setTab('overview')}
          >
            Overview
          </button>
          <button
            type="button"
            aria-pressed={tab === 'tree'}
            onClick={() => {
              if (tab === 'tree') return;
              startTreeRequest(handsetId);
              setTab('tree');
            }}
          >
            DM tree
          </button>
        </div>
        <button
          type="button"
          className="button-quiet"
          onClick={() => void load()}
          disabled={loading}
        >
          {loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {tab === 'overview' && (
        <div className="handset-grid">
          {detail === undefined ? (
            <p className="empty">{loading ? 'Reading the handset…' : 'No detail available.'}</p>
          ) : (
            <>
              <CimoPanel detail={detail} />
              <div className="side-col">
                <IdentityPanel detail={detail} />
                <AppsPanel detail={detail} />
              </div>
            </>
          )}
        </div>
      )}
      {tab === 'tree' && <TreeBrowser handsetId={handsetId} />}
    </section>
  );
}
