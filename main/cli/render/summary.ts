/** The one-line header `cimo decode` prints to a terminal before the message itself. */
import type { SyncMLMessage } from '../../../protocol/syncml/model.js';
import type { PastedForm } from '../input/pasted-bytes.js';

/** `Status×2 Get Replace` — command kinds in order of first appearance, with counts. */
export function commandCounts(message: SyncMLMessage): string {
  const counts = new Map<string, number>();
  for (const c of message.commands) {
    const name = c.kind === 'Unknown' ? c.element.name : c.kind;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => (n === 1 ? k : `${k}×${n}`)).join(' ');
}

/**
 * E.g. `WBXML, 412 bytes (pasted hex), SessionID 1, MsgID 2, 3 commands: Status×2 Get, Final`.
 */
export function summaryLine(
  message: SyncMLMessage,
  encoding: 'xml' | 'wbxml',
  size: number,
  pasted?: PastedForm,
): string {
  const n = message.commands.length;
  const parts = [
    `${encoding.toUpperCase()}, ${size} bytes${pasted ? ` (pasted ${pasted})` : ''}`,
    `${message.header.verProto}`,
    `SessionID ${message.header.sessionId || '(empty)'}`,
    `MsgID ${message.header.msgId}`,
    `${n} command${n === 1 ? '' : 's'}${n > 0 ? `: ${commandCounts(message)}` : ''}`,
  ];
  if (message.final) parts.push('Final');
  return parts.join(', ');
}
