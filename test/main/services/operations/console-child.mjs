// A console process for the crash test: opens the data folder (configured by the test),
// adds the OBEX-over-TCP handset on argv[3], starts a wipe with a waiver and prints
// "sent" once the Exec may have reached the handset. The test then SIGKILLs it.
import { openConsole } from '../../../../dist/main/services/console.js';

const [data, port] = process.argv.slice(2);
const c = await openConsole({
  dataFolder: data,
  vaultKey: { kind: 'passphrase', passphrase: 'correct horse', cost: 2 ** 12 },
  watch: false,
  http: false,
  runner: { pollMs: 5000 },
});
const rec = await c.registry.addDevice({
  key: `tcp:127.0.0.1:${port}`,
  kind: 'tcp',
  reason: 'configured',
  tcp: { host: '127.0.0.1', port: Number(port) },
  label: `127.0.0.1:${port}`,
});
if (rec.connection.state !== 'ready') {
  process.stderr.write(`not ready: ${JSON.stringify(rec.connection)}\n`);
  process.exit(3);
}
const [op] = c.runner.start([rec.id], {
  operation: 'wipe',
  items: ['Photos', 'Notes'],
  waiver: { reason: 'crash test, lab unit' },
});
const timer = setInterval(() => {
  if (c.runner.get(op.id)?.status === 'running') {
    clearInterval(timer);
    process.stdout.write('sent\n');
  }
}, 5);
