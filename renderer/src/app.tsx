/**
 * The app shell: navigation between the views, theme, notices, the first-run step
 * (operator name) and the operation flow dialog, over the store that IPC events feed.
 */
import { useEffect } from 'react';
import { api } from './api/client.js';
import { Notices } from './components/notices.js';
import { connectStore } from './store/connect-store.js';
import { useAppStore } from './store/store.js';
import type { Theme, View } from './store/ui-slice.js';
import { AuditView } from './views/audit/audit-view.js';
import { BenchView } from './views/bench/bench-view.js';
import { FirstRun } from './views/first-run.js';
import { OperationFlow } from './views/flow/operation-flow.js';
import { HandsetView } from './views/handset/handset-view.js';
import { SettingsView } from './views/settings/settings-view.js';
import { TraceView } from './views/trace/trace-view.js';
import { VaultView } from './views/vault/vault-view.js';

const NAV: readonly { view: View; label: string }[] = [
  { view: 'bench', label: 'Bench' },
  { view: 'handset', label: 'Handset' },
  { view: 'vault', label: 'Vault' },
  { view: 'audit', label: 'Audit' },
  { view: 'trace', label: 'Protocol trace' },
  { view: 'settings', label: 'Settings' },
];

const THEME_KEY = 'cimo-theme';

function useTheme(): [Theme, (t: Theme) => void] {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  useEffect(() => {
    const saved = localStorage.getItem(THEME_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') setTheme(saved);
  }, [setTheme]);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset['theme'];
    else document.documentElement.dataset['theme'] = theme;
    localStorage.setItem(THEME_KEY, theme);
  }, [theme]);
  return [theme, setTheme];
}

function nextTheme(t: Theme): Theme {
  return t === 'system' ? 'dark' : t === 'dark' ? 'light' : 'system';
}

export function App() {
  const view = useAppStore((s) => s.view);
  const navigate = useAppStore((s) => s.navigate);
  const handsetId = useAppStore((s) => s.handsetId);
  const settings = useAppStore((s) => s.settings);
  const flow = useAppStore((s) => s.flow);
  const operator = settings?.operator ?? '';
  const [theme, setTheme] = useTheme();

  useEffect(() => connectStore(api), []);
  useEffect(() => {
    const label = NAV.find((n) => n.view === view)?.label ?? '';
    document.title = `${label} — CIMO Console`;
  }, [view]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">CIMO Console</span>
        <nav aria-label="Main">
          <ul className="nav">
            {NAV.map((n) => (
              <li key={n.view}>
                <button
                  type="button"
                  className="nav-link"
                  aria-current={view === n.view ? 'page' : undefined}
                  disabled={n.view === 'handset' && handsetId === undefined}
                  onClick={() => navigate(n.view)}
                >
                  {n.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <span className="operator" title="Operator signed in">
          {operator === '' ? 'No operator' : operator}
        </span>
        <button
          type="button"
          className="button-quiet"
          onClick={() => setTheme(nextTheme(theme))}
          aria-label={`Theme: ${theme}. Switch theme`}
        >
          Theme: {theme}
        </button>
      </header>
      <Notices />
      <main className="main" id="main">
        {view === 'bench' && <BenchView />}
        {view === 'handset' && <HandsetView />}
        {view === 'vault' && <VaultView />}
        {view === 'audit' && <AuditView />}
        {view === 'trace' && <TraceView />}
        {view === 'settings' && <SettingsView />}
      </main>
      <FirstRun />
      {flow !== undefined && <OperationFlow request={flow} />}
    </div>
  );
}
