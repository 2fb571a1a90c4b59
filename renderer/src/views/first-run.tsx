/**
 * First run: the console has no operator yet, so it asks for the name that every audit
 * record will carry before anything can be done.
 */
import { useState } from 'react';
import { Dialog } from '../components/dialog.js';
import { call } from '../components/use-invoke.js';
import { useAppStore } from '../store/store.js';

export function FirstRun() {
  const [name, setName] = useState('');
  const setSettings = useAppStore((s) => s.setSettings);
  const save = async (): Promise<void> => {
    if (name.trim() === '') return;
    const r = await call('settings:set', { operator: name.trim() });
    if (r !== undefined) setSettings(r);
  };
  return (
    <Dialog title="Welcome — who is operating this console?" onClose={() => undefined}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p>Every lock, retrieval and wipe is recorded in the audit log with the operator’s name.</p>
        <label className="block">
          Your name
          <input
            type="text"
            value={name}
            autoFocus
            required
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <div className="flow-buttons">
          <button type="submit" className="button-primary" disabled={name.trim() === ''}>
            Start
          </button>
        </div>
      </form>
    </Dialog>
  );
}
