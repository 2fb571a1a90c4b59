/**
 * The DM tree browser: the whole tree, virtualized (@tanstack/react-virtual) so tens of
 * thousands of nodes stay smooth; search by path or value shows matches with their
 * ancestors; arrow keys move, Right/Left expand/collapse, Enter inspects.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PackedTree } from '../../../../main/ipc/contract.js';
import { cssVars } from '../../components/css-vars.js';
import { api } from '../../api/client.js';
import { call } from '../../components/use-invoke.js';
import { formatCount } from '../../lib/format.js';
import {
  ancestorPaths,
  buildTree,
  hasChildren,
  topLevels,
  visibleRows,
} from '../../lib/tree-model.js';
import type { TreeModel } from '../../lib/tree-model.js';
import { PackedTreeError } from '../../lib/tree-pack.js';
import { useAppStore } from '../../store/store.js';
import { NodeInspector } from './node-inspector.js';

const ROW = 26;
const EMPTY: TreeModel = buildTree({
  names: '',
  parents: '',
  formats: [],
  format: '',
  acls: [],
  acl: '',
  types: [],
  type: '',
  size: '',
  children: '',
  values: '',
  valueLength: '',
  base64: [],
});

/**
 * The tree read for the {@link TreeBrowser} about to mount, which its first load takes
 * over: read ahead when the handset's overview shows ({@link readTreeAhead}), or started
 * by the click that opens the browser ({@link startTreeRequest}) — either way the
 * console works on it while the page renders the view.
 */
let pending:
  | {
      readonly handsetId: string;
      readonly reply: Promise<PackedTree | undefined>;
      /** A read-ahead: quiet, and it may come back empty (the console held no tree). */
      readonly ahead: boolean;
      readonly at: number;
    }
  | undefined;

/** How long a read-ahead stands in for a fresh request. */
const AHEAD_FRESH_MS = 15_000;

/**
 * Reads `handsetId`'s tree ahead from what the console already holds (`kept`: never a DM
 * session, so a slow link is not kept busy by a tab nobody opened). Quiet: when the console
 * holds no current tree, the browser asks for it as usual when it opens.
 */
export function readTreeAhead(handsetId: string): void {
  pending = {
    handsetId,
    ahead: true,
    at: performance.now(),
    reply: api.invoke('handset:get-tree', { handsetId, kept: true }).then(
      (r) => (r.ok ? r.value : undefined),
      () => undefined,
    ),
  };
}

/** Starts reading `handsetId`'s tree for the browser about to mount, unless a fresh read-ahead has. */
export function startTreeRequest(handsetId: string): void {
  const p = pending;
  if (p?.handsetId === handsetId && p.ahead && performance.now() - p.at < AHEAD_FRESH_MS) return;
  pending = {
    handsetId,
    ahead: false,
    at: performance.now(),
    reply: call('handset:get-tree', { handsetId }),
  };
}

/** The read started for `handsetId` (a read-ahead that came back empty asks again), else a new one. */
function takeTreeRequest(handsetId: string): Promise<PackedTree | undefined> {
  const p = pending;
  pending = undefined;
  if (p?.handsetId !== handsetId) return call('handset:get-tree', { handsetId });
  if (!p.ahead) return p.reply;
  return p.reply.then((t) => t ?? call('handset:get-tree', { handsetId }));
}

export function TreeBrowser({ handsetId }: { handsetId: string }) {
  // The layout is built where the reply arrives (not in a render), so a malformed reply
  // is a notice rather than a broken view.
  const [loaded, setLoaded] = useState<TreeModel | undefined>(undefined);
  // Loading from the start: the first load begins as the browser mounts, and setting it
  // then would render the whole browser a second time on the way to the first paint.
  const [loading, setLoading] = useState(true);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  // Expanded paths belong to one model: a new tree starts from its first two levels open.
  const [expandedState, setExpandedState] = useState<{
    readonly model: TreeModel;
    readonly paths: ReadonlySet<string>;
  }>();
  const [active, setActive] = useState(0);
  const [inspected, setInspected] = useState<string | undefined>(undefined);
  const scrollRef = useRef<HTMLDivElement>(null);

  const load = async (refresh: boolean): Promise<void> => {
    setLoading(true);
    const t = refresh
      ? await call('handset:get-tree', { handsetId, refresh })
      : await takeTreeRequest(handsetId);
    setLoading(false);
    if (t === undefined) return;
    try {
      setLoaded(buildTree(t));
    } catch (e) {
      if (!(e instanceof PackedTreeError)) throw e;
      useAppStore
        .getState()
        .notify(
          'error',
          `The tree the console sent could not be read (${e.message}). Reload this page so it matches the console, then re-read the tree.`,
        );
    }
  };
  useEffect(() => {
    void load(false);
  }, [handsetId]);

  const model = loaded ?? EMPTY;
  // Computed in the render that first shows the model (not in an effect after it), so
  // the first paint already has the MO roots in view and nothing renders twice.
  const initialExpanded = useMemo(() => topLevels(model, 2), [model]);
  const expanded = expandedState?.model === model ? expandedState.paths : initialExpanded;
  const setExpanded = (paths: ReadonlySet<string>): void => setExpandedState({ model, paths });
  const visible = useMemo(
    () => visibleRows(model, expanded, deferred),
    [model, expanded, deferred],
  );
  const searching = deferred.trim() !== '';

  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });

  const toggle = (path: string, open?: boolean): void => {
    const next = new Set(expanded);
    const want = open ?? !next.has(path);
    if (want) next.add(path);
    else next.delete(path);
    setExpanded(next);
  };
  const inspect = (path: string): void => setInspected(path);
  const activeIndex = Math.min(active, Math.max(0, visible.length - 1));
  const activeRow = model.row(visible[activeIndex] ?? -1);

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    let next = activeIndex;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(visible.length - 1, activeIndex + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, activeIndex - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = visible.length - 1;
        break;
      case 'PageDown':
        next = Math.min(visible.length - 1, activeIndex + 20);
        break;
      case 'PageUp':
        next = Math.max(0, activeIndex - 20);
        break;
      case 'ArrowRight':
        if (activeRow !== undefined && !searching) toggle(activeRow.path, true);
        break;
      case 'ArrowLeft':
        if (activeRow !== undefined && !searching) toggle(activeRow.path, false);
        break;
      case 'Enter':
      case ' ':
        if (activeRow !== undefined) inspect(activeRow.path);
        break;
      default:
        return;
    }
    e.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const revealInTree = (path: string): void => {
    setQuery('');
    const next = new Set(expanded);
    for (const a of ancestorPaths(path)) next.add(a);
    setExpanded(next);
    const rowIndex = model.indexOf(path);
    if (rowIndex === undefined) return;
    const vis = visibleRows(model, next, '');
    const at = vis.indexOf(rowIndex);
    if (at >= 0) {
      setActive(at);
      requestAnimationFrame(() => virtualizer.scrollToIndex(at, { align: 'center' }));
    }
  };

  return (
    <div className="tree-layout">
      <section className="panel tree-panel" aria-labelledby="tree-title">
        <div className="panel-head">
          <h2 id="tree-title">DM tree</h2>
          <span className="muted">
            {loaded === undefined ? '' : `${formatCount(model.size)} nodes`}
            {searching ? ` · ${formatCount(visible.length)} shown` : ''}
          </span>
          <div className="spacer" />
          <button
            type="button"
            className="button-quiet"
            disabled={loading}
            onClick={() => void load(true)}
          >
            {loading ? 'Reading…' : 'Re-read tree'}
          </button>
        </div>
        <label className="search">
          <span className="visually-hidden">Search the tree by path or value</span>
          <input
            type="search"
            placeholder="Search path or value (e.g. PhoneBook/ItemCount)"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
          />
        </label>
        <div
          ref={scrollRef}
          className="tree-scroll"
          role="tree"
          aria-label="DM tree nodes"
          tabIndex={0}
          onKeyDown={onKey}
          aria-activedescendant={
            activeRow === undefined ? undefined : `tn-${visible[activeIndex] ?? 0}`
          }
        >
          <div className="tree-inner" ref={cssVars({ '--h': `${virtualizer.getTotalSize()}px` })}>
            {virtualizer.getVirtualItems().map((v) => {
              const idx = visible[v.index] ?? 0;
              const row = model.row(idx);
              if (row === undefined) return null;
              const kids = hasChildren(model, idx);
              const open = searching || expanded.has(row.path);
              const leafValue = row.node?.value;
              return (
                <div
                  key={row.path}
                  id={`tn-${idx}`}
                  role="treeitem"
                  aria-level={row.depth + 1}
                  aria-expanded={kids ? open : undefined}
                  aria-selected={inspected === row.path}
                  className={`tree-row${v.index === activeIndex ? ' is-active' : ''}${inspected === row.path ? ' is-inspected' : ''}`}
                  data-path={row.path}
                  ref={cssVars({ '--y': `${v.start}px`, '--depth': String(row.depth) })}
                  onClick={() => {
                    setActive(v.index);
                    inspect(row.path);
                    if (kids && !searching) toggle(row.path);
                  }}
                >
                  <span className="twisty" aria-hidden="true">
                    {kids ? (open ? '▾' : '▸') : ''}
                  </span>
                  <span className="node-name">{row.name}</span>
                  {leafValue !== undefined && !kids && (
                    <span className="node-value">{leafValue.slice(0, 80)}</span>
                  )}
                  {row.node?.base64 !== undefined && (
                    <span className="node-value muted">binary</span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {loaded !== undefined && visible.length === 0 && (
          <p className="empty">
            {searching ? 'No node matches.' : 'The handset reported no nodes.'}
          </p>
        )}
      </section>
      <NodeInspector
        handsetId={handsetId}
        path={inspected}
        listed={
          inspected === undefined ? undefined : model.row(model.indexOf(inspected) ?? -1)?.node
        }
        onReveal={revealInTree}
      />
    </div>
  );
}
