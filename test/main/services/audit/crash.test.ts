import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../main/services/audit/index.js';
import { tempFolder } from './audit-support.js';

const AUDIT_DIST = fileURLToPath(
  new URL('../../../../dist/main/services/audit/index.js', import.meta.url),
);

/**
 * Runs the built audit log in a child process: it opens the log, records one completed
 * lock, begins a wipe, prints the wipe's id and then waits forever (as if the wipe were
 * on the wire) until it is killed.
 */
function childBeginsWipe(dir: string): Promise<{ id: number; kill: () => Promise<number | null> }> {
  const script = `
    import { AuditLog } from ${JSON.stringify(AUDIT_DIST)};
    const log = AuditLog.open(process.argv[1]);
    const lock = log.begin({ operator: 'alice', operation: 'lock', handset: { imei: '356938035643809' } });
    log.complete(lock, { outcome: 'succeeded', resultCode: 1200 });
    const id = log.begin({ operator: 'alice', operation: 'wipe', handset: { imei: '356938035643809' },
      selection: { items: ['PhoneBook'] }, correlator: 'wipe-1' });
    process.stdout.write(id + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 9 : null)),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.endsWith('\n'))
        resolve({
          id: Number(out.trim()),
          kill: () => {
            child.kill('SIGKILL');
            return exited;
          },
        });
    });
    child.on('exit', () => reject(new Error(`child exited early: ${err}`)));
  });
}

describe('audit log across a SIGKILL', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempFolder());
  });
  afterEach(() => cleanup());

  it('shows the killed operation as interrupted, records the real outcome later, and still verifies', async () => {
    const child = await childBeginsWipe(dir);
    expect(await child.kill()).toBe(9);

    const log = AuditLog.open(dir);
    try {
      const pending = log.recoverInterrupted();
      expect(pending).toHaveLength(1);
      expect(pending[0]).toMatchObject({
        id: child.id,
        state: 'interrupted',
        outcome: 'interrupted',
      });
      expect(pending[0]?.start.correlator).toBe('wipe-1');
      expect(log.verify()).toMatchObject({ ok: true, rows: 4 });

      // The runner reads LastOperation on the handset and records what really happened.
      log.complete(child.id, {
        outcome: 'succeeded',
        resultCode: 1201,
        resultSource: 'cimo',
        detail: 'LastOperation',
      });
      expect(log.operation(child.id)).toMatchObject({
        state: 'interrupted-then-completed',
        resultCode: 1201,
      });
      expect(log.verify()).toMatchObject({ ok: true, rows: 5 });
    } finally {
      log.close();
    }
  });
});
