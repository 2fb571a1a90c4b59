/**
 * Receiving one server command on the handset: large-object chunks are buffered (213),
 * checked against Meta Size (424) and MaxObjSize (413), an interrupted one is reported
 * with Alert 1225; complete commands run and their Status (then Results) are queued.
 * An unchunked object over our MaxObjSize is refused with 413 and not applied, and a Get
 * whose Results would exceed the server's MaxObjSize is answered 413 without Results
 * (PROTOCOL-FACTS §1.7: senders must not send objects over the peer's MaxObjSize).
 */
import type { Command, Item } from '../../syncml/model.js';
import { exceedsTransmitted } from '../chunker.js';
import type { SessionCore } from '../session-core.js';
import type { Answer } from './dispatch.js';

/** Runs a complete command and returns its answers. */
export type CommandRunner = (c: Command) => Promise<{ answers: Answer[] }>;

/** Receives `c` (from peer message `msgRef`), queuing its answers in `core.outbox`. */
export async function receiveCommand(
  c: Command,
  msgRef: string,
  core: SessionCore,
  run: CommandRunner,
  _role: 'client',
): Promise<void> {
  let cmd = c;
  const single = (c.kind === 'Add' || c.kind === 'Replace') && c.items.length === 1;
  if (single) {
    const item = c.items[0] as Item;
    const key = `${c.kind} ${item.target?.locURI ?? ''}`;
    if (core.assembler.openKey !== undefined && core.assembler.openKey !== key) interrupted(core);
    if (
      core.assembler.openKey === undefined &&
      item.moreData === true &&
      (item.meta?.size ?? 0) > core.limits.maxObjSize
    ) {
      core.outbox.push({ command: core.statusFor(msgRef, c, 413) });
      return;
    }
    if (
      core.assembler.openKey === undefined &&
      item.moreData !== true &&
      item.data !== undefined &&
      exceedsTransmitted(item.data, core.encoding, core.limits.maxObjSize)
    ) {
      core.outbox.push({ command: core.statusFor(msgRef, c, 413) });
      return;
    }
    const r = core.assembler.add(key, item, core.encoding);
    if (r.kind === 'more') {
      core.outbox.push({ command: core.statusFor(msgRef, c, 213) });
      return;
    }
    if (r.kind === 'mismatch') {
      core.outbox.push({ command: core.statusFor(msgRef, c, 424) });
      return;
    }
    const { moreData: _more, ...rest } = r.item;
    void _more;
    const meta = rest.meta === undefined ? undefined : { ...rest.meta };
    if (meta !== undefined) delete (meta as { size?: number }).size;
    const whole: Item = { ...rest, data: r.data, ...(meta !== undefined ? { meta } : {}) };
    cmd = { ...c, items: [whole] };
  } else if (core.assembler.openKey !== undefined) {
    interrupted(core);
  }
  const { answers } = await run(cmd);
  for (const a of answers) {
    const tooLarge =
      a.results !== undefined &&
      a.results.some(
        (i) =>
          i.data !== undefined && exceedsTransmitted(i.data, core.encoding, core.peerMaxObjSize),
      );
    if (tooLarge && a.status === 200) {
      core.outbox.push({ command: core.statusFor(msgRef, a.command as never, 413) });
      continue;
    }
    core.outbox.push({
      command: core.statusFor(msgRef, a.command as never, a.status, {
        items: [...(a.statusItems ?? [])],
      }),
    });
    if (a.results !== undefined && a.status === 200) {
      core.outbox.push({
        command: { kind: 'Results', cmdId: '', msgRef, cmdRef: a.command.cmdId, items: a.results },
      });
    }
  }
}

function interrupted(core: SessionCore): void {
  const first = core.assembler.abandon();
  const target = first?.target?.locURI;
  core.outbox.push({
    command: {
      kind: 'Alert',
      cmdId: '',
      code: 1225,
      items: target !== undefined ? [{ target: { locURI: target } }] : [],
    },
  });
}
