import { useEffect, useState } from 'react';
import { api } from './api/client';

/** Placeholder until the operator UI lands: shows that the API answers. */
export function App() {
  const [info, setInfo] = useState('connecting…');
  useEffect(() => {
    void api.invoke('app:get-info', {}).then((r) => {
      setInfo(r.ok ? `${r.value.shell} shell, version ${r.value.version}` : r.error.message);
    });
    api.ready();
  }, []);
  return (
    <main>
      <h1>CIMO Console</h1>
      <p>{info}</p>
    </main>
  );
}
