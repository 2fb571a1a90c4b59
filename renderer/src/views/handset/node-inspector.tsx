/**
 * The node inspector: every property of the node, its ACL in words, the value as text,
 * hex or an image preview, and Get/Replace/Exec where the ACL permits. Raw Exec of the
 * CIMO/LAWMO operation nodes is refused here: those go through the review flow.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TreeNodeView } from '../../../../main/ipc/contract.js';
import { call } from '../../components/use-invoke.js';
import { aclAllows, explainAcl } from '../../lib/acl.js';
import { statusText } from '../../lib/codes.js';
import { base64ToBytes, hexDump, sniffImage, textToBytes } from '../../lib/hex.js';
import { useAppStore } from '../../store/store.js';

type ValueTab = 'text' | 'hex' | 'image';

const OPERATION_NODE = /\/(Operations)\/[^/]+$/;

export interface NodeInspectorProps {
  readonly handsetId: string;
  readonly path: string | undefined;
  readonly listed: TreeNodeView | undefined;
  readonly onReveal: (path: string) => void;
}

export function NodeInspector({ handsetId, path, listed, onReveal }: NodeInspectorProps) {
  const [node, setNode] = useState<TreeNodeView | undefined>(listed);
  const [tab, setTab] = useState<ValueTab>('text');
  const [draft, setDraft] = useState('');
  const [execData, setExecData] = useState('');
  const [result, setResult] = useState<string | undefined>(undefined);
  const notify = useAppStore((s) => s.notify);

  useEffect(() => {
    setNode(listed);
    setResult(undefined);
    setDraft(listed?.value ?? '');
  }, [path, listed]);

  const bytes = useMemo(() => {
    if (node?.base64 !== undefined) {
      try {
        return base64ToBytes(node.base64);
      } catch {
        return new Uint8Array();
      }
    }
    return textToBytes(node?.value ?? '');
  }, [node]);
  const imageType =
    node?.base64 !== undefined
      ? (sniffImage(bytes) ?? (node.type?.startsWith('image/') === true ? node.type : undefined))
      : undefined;
  useEffect(() => {
    setTab(imageType !== undefined ? 'image' : node?.base64 !== undefined ? 'hex' : 'text');
  }, [imageType, node]);

  if (path === undefined) {
    return (
      <section className="panel inspector" aria-labelledby="inspector-title">
        <h2 id="inspector-title">Node</h2>
        <p className="muted">Choose a node in the tree (arrow keys and Enter, or click).</p>
      </section>
    );
  }

  const get = async (): Promise<void> => {
    const n = await call('handset:get-node', { handsetId, path });
    if (n !== undefined) {
      setNode(n);
      setDraft(n.value ?? '');
      setResult('Get: 200 OK — value read from the handset.');
    }
  };
  const replace = async (): Promise<void> => {
    const r = await call('handset:replace-node', {
      handsetId,
      path,
      value: draft,
      format: node?.format ?? 'chr',
    });
    if (r !== undefined) {
      setResult(`Replace: ${r.status} ${statusText(r.status)}`);
      if (r.status < 300) await get();
    }
  };
  const exec = async (): Promise<void> => {
    if (OPERATION_NODE.test(path)) {
      notify(
        'error',
        'Operations run through the CIMO view so they are reviewed, interlocked and audited.',
      );
      return;
    }
    const r = await call(
      'handset:exec-node',
      execData === '' ? { handsetId, path } : { handsetId, path, data: execData },
    );
    if (r !== undefined) setResult(`Exec: ${r.status} ${statusText(r.status)}`);
  };

  const acl = node?.acl;
  const canGet = aclAllows(acl, 'Get');
  const canReplace = aclAllows(acl, 'Replace') && node?.children === undefined;
  const canExec = aclAllows(acl, 'Exec') && !OPERATION_NODE.test(path);
  const props: [string, string][] = [
    ['Path', path],
    ['Format', node?.format ?? '—'],
    ['Type', node?.type ?? '—'],
    ['Size', node?.size === undefined ? '—' : `${node.size} bytes`],
    ['ACL', acl ?? '(inherited)'],
    ['Children', node?.children === undefined ? '—' : String(node.children)],
  ];
  return (
    <section className="panel inspector" aria-labelledby="inspector-title">
      <div className="panel-head">
        <h2 id="inspector-title">Node</h2>
        <div className="spacer" />
        <button type="button" className="button-quiet" onClick={() => onReveal(path)}>
          Show in tree
        </button>
      </div>
      <dl className="facts">
        {props.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className={k === 'Path' ? 'mono node-path' : ''}>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>Access</h3>
      <ul className="acl-list">
        {explainAcl(acl).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      {node?.children === undefined && (
        <>
          <div className="tabs" role="group" aria-label="Value as">
            <button type="button" aria-pressed={tab === 'text'} onClick={() => setTab('text')}>
              Text
            </button>
            <button type="button" aria-pressed={tab === 'hex'} onClick={() => setTab('hex')}>
              Hex
            </button>
            <button
              type="button"
              aria-pressed={tab === 'image'}
              disabled={imageType === undefined}
              onClick={() => setTab('image')}
            >
              Image
            </button>
          </div>
          {tab === 'text' && (
            <pre className="value-box node-value-text" tabIndex={0} aria-label="Value as text">
              {node?.base64 !== undefined
                ? '(binary value — see Hex)'
                : (node?.value ?? '(no value read yet — press Get)')}
            </pre>
          )}
          {tab === 'hex' && (
            <pre className="value-box mono" tabIndex={0} aria-label="Value as hex">
              {hexDump(bytes)}
            </pre>
          )}
          {tab === 'image' && imageType !== undefined && node?.base64 !== undefined && (
            <img
              className="value-image"
              alt={`Image value of ${path}`}
              src={`data:${imageType};base64,${node.base64}`}
            />
          )}
        </>
      )}
      <div className="actions" role="group" aria-label="Node commands">
        <button type="button" disabled={!canGet} onClick={() => void get()}>
          Get
        </button>
      </div>
      {canReplace && (
        <div className="replace-row">
          <label>
            New value
            <input type="text" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="button" onClick={() => void replace()}>
            Replace
          </button>
        </div>
      )}
      {canExec && (
        <div className="replace-row">
          <label>
            Exec data (optional)
            <input type="text" value={execData} onChange={(e) => setExecData(e.target.value)} />
          </label>
          <button type="button" onClick={() => void exec()}>
            Exec
          </button>
        </div>
      )}
      {OPERATION_NODE.test(path) && (
        <p className="muted">
          This is an operation node: run it from the handset’s Overview so it is reviewed,
          interlocked and audited.
        </p>
      )}
      {result !== undefined && (
        <p className="result-line" role="status">
          {result}
        </p>
      )}
    </section>
  );
}
