/**
 * The protocol trace: DM sessions, and one session's messages in order with direction,
 * the decoded XML with every Status and Alert code explained inline, raw hex, and copy
 * and save. Messages pushed live (`trace:message`) are appended to the open session.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ResultMap, TraceMessageView } from '../../../../main/ipc/contract.js';
import { call } from '../../components/use-invoke.js';
import { saveText } from '../../components/save-text.js';
import { formatTime } from '../../lib/format.js';
import { hexStringDump } from '../../lib/hex.js';
import { explainXml, explainedText } from '../../lib/xml-explain.js';
import { useAppStore } from '../../store/store.js';
import { cssVars } from '../../components/css-vars.js';

type Session = ResultMap['trace:list-sessions'][number];

export function TraceView() {
  const [sessions, setSessions] = useState<readonly Session[] | undefined>(undefined);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [fetched, setFetched] = useState<readonly TraceMessageView[]>([]);
  const live = useAppStore((s) => (open === undefined ? undefined : s.liveTrace[open]));
  const handsets = useAppStore((s) => s.handsets);
  const notify = useAppStore((s) => s.notify);

  const load = async (): Promise<void> => {
    const l = await call('trace:list-sessions', {});
    if (l !== undefined) setSessions(l);
  };
  useEffect(() => {
    void load();
  }, []);
  useEffect(() => {
    setFetched([]);
    if (open === undefined) return;
    void call('trace:get-session', { sessionId: open }).then((m) => setFetched(m ?? []));
  }, [open]);

  const messages = useMemo(() => {
    const byIndex = new Map<number, TraceMessageView>();
    for (const m of fetched) byIndex.set(m.index, m);
    for (const m of live ?? []) byIndex.set(m.index, m);
    return [...byIndex.values()].sort((a, b) => a.index - b.index);
  }, [fetched, live]);

  const allText = (): string =>
    messages
      .map(
        (m) =>
          `#${m.index} ${m.direction === 'to-handset' ? 'console → handset' : 'handset → console'} ${m.at} ${m.encoding} ${m.bytes} bytes\n${explainedText(m.xml)}`,
      )
      .join('\n\n');
  const nameOf = (id: string): string => {
    const h = handsets.find((x) => x.id === id);
    return h === undefined ? id : `${h.model ?? 'Handset'} …${(h.imei ?? '').slice(-4)}`;
  };

  return (
    <section className="view trace" aria-labelledby="trace-title">
      <div className="view-head">
        <h1 id="trace-title">Protocol trace</h1>
        <div className="spacer" />
        <button type="button" className="button-quiet" onClick={() => void load()}>
          Refresh sessions
        </button>
        <button
          type="button"
          disabled={messages.length === 0}
          onClick={() =>
            void navigator.clipboard.writeText(allText()).then(
              () => notify('info', 'Session copied to the clipboard.'),
              () => notify('error', 'The clipboard is not available here; use Save instead.'),
            )
          }
        >
          Copy session
        </button>
        <button
          type="button"
          disabled={messages.length === 0}
          onClick={() => saveText(allText(), `dm-session-${open ?? ''}.txt`)}
        >
          Save session
        </button>
      </div>
      <div className="split">
        <nav className="panel list-panel" aria-label="DM sessions">
          {sessions !== undefined && sessions.length === 0 && (
            <p className="empty">No DM sessions yet.</p>
          )}
          <ul className="pick-list">
            {(sessions ?? []).map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  aria-current={open === s.id ? 'true' : undefined}
                  onClick={() => setOpen(s.id)}
                >
                  <span className="pick-title">{nameOf(s.handsetId)}</span>
                  <span className="muted">
                    {formatTime(s.started)} · {s.messages} messages
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="panel trace-panel">
          {open === undefined ? (
            <p className="muted">Choose a session.</p>
          ) : (
            <ol className="messages">
              {messages.map((m) => (
                <TraceMessage key={m.index} m={m} />
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}

function TraceMessage({ m }: { m: TraceMessageView }) {
  const [showHex, setShowHex] = useState(false);
  const lines = useMemo(() => explainXml(m.xml), [m.xml]);
  const out = m.direction === 'to-handset';
  return (
    <li className={`message ${out ? 'message-out' : 'message-in'}`}>
      <div className="message-head">
        <span className="direction">{out ? '→ to handset' : '← from handset'}</span>
        <span>#{m.index}</span>
        <span className="muted">
          {formatTime(m.at)} · {m.encoding.toUpperCase()} · {m.bytes} bytes
        </span>
        <div className="spacer" />
        <button
          type="button"
          className="button-quiet"
          aria-pressed={showHex}
          onClick={() => setShowHex(!showHex)}
        >
          {showHex ? 'Decoded' : 'Raw hex'}
        </button>
      </div>
      {showHex ? (
        <pre className="value-box mono" tabIndex={0} aria-label={`Message ${m.index} raw hex`}>
          {hexStringDump(m.hex)}
        </pre>
      ) : (
        <pre className="xml" tabIndex={0} aria-label={`Message ${m.index} decoded`}>
          {lines.map((l, i) => (
            <span key={i} className="xml-line" ref={cssVars({ '--indent': String(l.indent) })}>
              {l.text}
              {l.note !== undefined && <span className="code-note"> ← {l.note}</span>}
              {'\n'}
            </span>
          ))}
        </pre>
      )}
    </li>
  );
}
