/**
 * First run: asks for the operator's name (every audit record carries it) when none is
 * set, and for the vault passphrase when the console's vault waits for one (`new`: the
 * first passphrase creates the vault key; `locked`: it opens it). A console whose vault
 * key comes from the OS keychain or a key file reports `open` and skips that step.
 */
import { useEffect, useState } from 'react';
import type { VaultStatus } from '../../../main/ipc/contract.js';
import { api } from '../api/client.js';
import { Dialog } from '../components/dialog.js';
import { call } from '../components/use-invoke.js';
import { useAppStore } from '../store/store.js';

/**
 * An operator name that nobody chose: empty, or the settings store's placeholder
 * default (`operator`). Audit records must name a real person, so both ask.
 */
export function isPlaceholderOperator(name: string): boolean {
  return name.trim() === '' || name.trim() === 'operator';
}

export function FirstRun() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const [name, setName] = useState('');
  const [vault, setVault] = useState<VaultStatus | undefined>(undefined);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    // A console that does not offer the channel has its key from elsewhere: skip.
    void api
      .invoke('vault:get-status', {})
      .then((r) => setVault(r.ok ? r.value : { state: 'open' }));
  }, []);
  const needName = settings !== undefined && isPlaceholderOperator(settings.operator);
  const needVault = vault !== undefined && vault.state !== 'open';
  if (settings === undefined || vault === undefined || (!needName && !needVault)) return null;

  const saveName = async (): Promise<void> => {
    if (name.trim() === '') return;
    const r = await call('settings:set', { operator: name.trim() });
    if (r !== undefined) setSettings(r);
  };
  const unlock = async (): Promise<void> => {
    setError(undefined);
    if (vault.state === 'new' && pass !== again) {
      setError('The two passphrases differ.');
      return;
    }
    const r = await api.invoke('vault:unlock', { passphrase: pass });
    if (r.ok) setVault(r.value);
    else setError(r.error.message);
  };
  if (needName) {
    return (
      <Dialog title="Welcome — who is operating this console?" onClose={() => undefined}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveName();
          }}
        >
          <p>
            Every lock, retrieval and wipe is recorded in the audit log with the operator’s name.
          </p>
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
              {needVault ? 'Next' : 'Start'}
            </button>
          </div>
        </form>
      </Dialog>
    );
  }
  return (
    <Dialog
      title={vault.state === 'new' ? 'Set the vault passphrase' : 'Open the vault'}
      onClose={() => undefined}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <p>
          Retrieved customer data is encrypted with a key protected by this passphrase.
          {vault.state === 'new' ? ' Keep it safe: without it, retrieved data cannot be read.' : ''}
        </p>
        <label className="block">
          Passphrase (at least 8 characters)
          <input
            type="password"
            value={pass}
            autoFocus
            minLength={8}
            required
            onChange={(e) => setPass(e.target.value)}
          />
        </label>
        {vault.state === 'new' && (
          <label className="block">
            Passphrase again
            <input
              type="password"
              value={again}
              minLength={8}
              required
              onChange={(e) => setAgain(e.target.value)}
            />
          </label>
        )}
        {error !== undefined && (
          <p className="flow-error" role="alert">
            {error}
          </p>
        )}
        <div className="flow-buttons">
          <button type="submit" className="button-primary" disabled={pass.length < 8}>
            {vault.state === 'new' ? 'Create vault key' : 'Open vault'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
