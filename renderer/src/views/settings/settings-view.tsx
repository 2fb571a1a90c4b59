/**
 * Settings: the operator signed in (recorded on every audit record) and the policies —
 * retrieval before wipe, how owner consent is asked, the default DM encoding.
 */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../../main/ipc/contract.js';
import { call } from '../../components/use-invoke.js';
import { useAppStore } from '../../store/store.js';

export function SettingsView() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const notify = useAppStore((s) => s.notify);
  const [draft, setDraft] = useState<Settings | undefined>(settings);
  useEffect(() => setDraft(settings), [settings]);
  if (draft === undefined) {
    return (
      <section className="view">
        <h1>Settings</h1>
        <p className="muted">Loading…</p>
      </section>
    );
  }
  const save = async (): Promise<void> => {
    const r = await call('settings:set', {
      operator: draft.operator,
      requireRetrievalBeforeWipe: draft.requireRetrievalBeforeWipe,
      consentPolicy: draft.consentPolicy,
      defaultEncoding: draft.defaultEncoding,
    });
    if (r !== undefined) {
      setSettings(r);
      notify('info', 'Settings saved.');
    }
  };
  return (
    <section className="view settings" aria-labelledby="settings-title">
      <div className="view-head">
        <h1 id="settings-title">Settings</h1>
      </div>
      <form
        className="panel settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset>
          <legend>Operator</legend>
          <label className="block">
            Name recorded on every operation
            <input
              type="text"
              value={draft.operator}
              required
              maxLength={200}
              onChange={(e) => setDraft({ ...draft, operator: e.target.value })}
            />
          </label>
        </fieldset>
        <fieldset>
          <legend>Policies</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.requireRetrievalBeforeWipe}
              onChange={(e) => setDraft({ ...draft, requireRetrievalBeforeWipe: e.target.checked })}
            />
            Require a verified retrieval before a wipe or factory reset (a waiver with a reason is
            still possible)
          </label>
          <label className="block">
            Owner consent for wipe, reset, uninstall and retrieve
            <select
              value={draft.consentPolicy}
              onChange={(e) =>
                setDraft({ ...draft, consentPolicy: e.target.value as Settings['consentPolicy'] })
              }
            >
              <option value="handset">The handset asks its owner</option>
              <option value="ui-alert">The console sends a confirm alert (1101)</option>
              <option value="not-required">Not required (consent taken at the counter)</option>
            </select>
          </label>
          <label className="block">
            Default DM encoding
            <select
              value={draft.defaultEncoding}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  defaultEncoding: e.target.value as Settings['defaultEncoding'],
                })
              }
            >
              <option value="wbxml">WBXML (compact, most handsets)</option>
              <option value="xml">XML (readable; feature phones that lack WBXML)</option>
            </select>
          </label>
        </fieldset>
        <fieldset>
          <legend>Credentials</legend>
          <p className="muted">
            DM credentials per handset or model are kept by the console service (see{' '}
            <code>cimo</code> settings); this console does not offer editing them here yet.
          </p>
        </fieldset>
        <button type="submit" className="button-primary">
          Save settings
        </button>
      </form>
    </section>
  );
}
