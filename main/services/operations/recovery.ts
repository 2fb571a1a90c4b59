/**
 * Operations the console was running when it stopped (crash, SIGKILL, power cut): the
 * audit log marks them interrupted at start; when each one's handset reappears, the
 * console reads its `LastOperation` and completes the record with the real outcome —
 * the correlator in the record says whether the handset ran it.
 */
import { isCimoSuccess } from '../../../protocol/cimo/index.js';
import type { AuditLog, AuditOperationView } from '../audit/index.js';
import type { HandsetRecord } from '../handsets/handset-record.js';
import type { HandsetRegistry } from '../handsets/registry.js';
import { readLastOperation } from './wait-result.js';

/** Options of {@link recoverInterrupted}. */
export interface RecoveryOptions {
  readonly registry: HandsetRegistry;
  readonly audit: AuditLog;
  /** Poll period while the handset still runs the operation; default 1 s. */
  readonly pollMs?: number;
  /** Called with each record completed (tests, UI). */
  readonly onResolved?: (op: AuditOperationView) => void;
}

/**
 * Marks interrupted operations and resolves each when its handset is identified (now
 * or later). Returns the still-open list and a function that stops listening.
 */
export function recoverInterrupted(o: RecoveryOptions): {
  readonly open: readonly AuditOperationView[];
  stop(): void;
} {
  const open = o.audit.recoverInterrupted().filter((op) => op.start.correlator !== null);
  const pending = new Map(open.map((op) => [op.id, op]));
  const busy = new Set<number>();
  const tryResolve = async (rec: HandsetRecord): Promise<void> => {
    const view = rec.view;
    if (view === undefined) return;
    for (const op of [...pending.values()]) {
      if (op.start.imei !== rec.imei || busy.has(op.id)) continue;
      busy.add(op.id);
      try {
        if (view.mo !== 'cimo') {
          o.audit.complete(op.id, {
            outcome: 'unknown',
            detail: 'LAWMO has no LastOperation: the outcome cannot be read back',
          });
        } else {
          for (;;) {
            const lo = await readLastOperation(o.registry, rec.id, view.root);
            if (lo.correlator !== op.start.correlator) {
              o.audit.complete(op.id, {
                outcome: 'failed',
                detail: `the handset has no record of ${op.start.correlator} (LastOperation is ${lo.name || 'empty'} ${lo.correlator}): it never ran`,
              });
              break;
            }
            if ((lo.status === 'done' || lo.status === 'failed') && lo.resultCode !== undefined) {
              const ok = isCimoSuccess(lo.resultCode);
              const after = await o.registry.refresh(rec.id).catch(() => undefined);
              o.audit.complete(op.id, {
                outcome: ok ? 'succeeded' : lo.resultCode === 1401 ? 'refused' : 'failed',
                resultCode: lo.resultCode,
                resultSource: 'cimo',
                detail: `recovered from LastOperation after the console restarted (${lo.name} ${lo.status})`,
                ...(after === undefined
                  ? {}
                  : {
                      verification: {
                        items: Object.fromEntries(
                          (op.start.selection?.items ?? []).map((id) => {
                            const it = after.items.find((i) => i.id === id);
                            return [
                              id,
                              { ItemCount: it?.itemCount ?? 0, ByteSize: it?.byteSize ?? 0 },
                            ];
                          }),
                        ),
                      },
                    }),
              });
              break;
            }
            await new Promise((r) => setTimeout(r, o.pollMs ?? 1000));
          }
        }
        pending.delete(op.id);
        const done = o.audit.operation(op.id);
        if (done !== undefined) o.onResolved?.(done);
      } catch {
        // The handset went away again: try when it next reappears.
      } finally {
        busy.delete(op.id);
      }
    }
  };
  const onIdentified = (rec: HandsetRecord): void => void tryResolve(rec);
  o.registry.on('identified', onIdentified);
  for (const s of o.registry.list()) {
    const rec = o.registry.find(s.id);
    if (rec?.view !== undefined) void tryResolve(rec);
  }
  return { open, stop: () => o.registry.off('identified', onIdentified) };
}
