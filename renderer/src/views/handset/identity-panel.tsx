/** DevInfo and DevDetail of a handset as a definition list. */
import type { HandsetDetail } from '../../../../main/ipc/contract.js';

function Facts({ title, facts }: { title: string; facts: Readonly<Record<string, string>> }) {
  const entries = Object.entries(facts);
  return (
    <>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <p className="muted">Not reported.</p>
      ) : (
        <dl className="facts">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </>
  );
}

export function IdentityPanel({ detail }: { detail: HandsetDetail }) {
  return (
    <section className="panel" aria-labelledby="identity-title">
      <h2 id="identity-title">Identity</h2>
      <p className="muted">{detail.linkDescription}</p>
      <Facts title="DevInfo" facts={detail.devInfo} />
      <Facts title="DevDetail" facts={detail.devDetail} />
    </section>
  );
}
