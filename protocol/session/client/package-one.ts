/**
 * The handset's package 1 (PROTOCOL-FACTS §1.5): the session Alert (1200 server-initiated,
 * 1201 client-initiated), a Replace of the DevInfo leaves, and every queued Generic Alert
 * (1226), each removed from the queue once the server answers it with a 2xx Status.
 */
import type { Command } from '../../syncml/model.js';
import type { DmTree } from '../../tree/dm-tree.js';
import type { SessionCore } from '../session-core.js';
import { valueToData } from '../wire-value.js';
import type { GenericAlertQueue } from './executor.js';

/** DevInfo leaves sent when the options name none. */
export const DEFAULT_DEVINFO_URIS: readonly string[] = [
  './DevInfo/DevId',
  './DevInfo/Man',
  './DevInfo/Mod',
  './DevInfo/DmV',
  './DevInfo/Lang',
];

/** Replaces `core.outbox` with package 1's commands. */
export function queuePackageOne(
  core: SessionCore,
  initiator: number,
  tree: DmTree,
  devInfoUris: readonly string[],
  alerts: GenericAlertQueue,
): void {
  core.outbox.length = 0;
  core.outbox.push({ command: { kind: 'Alert', cmdId: '', code: initiator, items: [] } });
  const items = devInfoUris.flatMap((uri) => {
    if (!tree.has(uri)) return [];
    const r = tree.get(uri);
    return [{ source: { locURI: uri }, data: valueToData(r.data, r.format) }];
  });
  if (items.length > 0) core.outbox.push({ command: { kind: 'Replace', cmdId: '', items } });
  for (const a of alerts.items) {
    const command: Command = {
      kind: 'Alert',
      cmdId: '',
      code: 1226,
      ...(a.correlator !== undefined ? { correlator: a.correlator } : {}),
      items: [
        {
          ...(a.source !== undefined ? { source: { locURI: a.source } } : {}),
          meta: {
            type: a.type,
            format: a.format,
            ...(a.mark !== undefined ? { mark: a.mark } : {}),
          },
          data: { kind: 'text', text: a.data },
        },
      ],
    };
    core.outbox.push({
      command,
      onSent: (sent, msgId) =>
        core.track({
          msgId,
          cmdId: sent.kind === 'Alert' ? sent.cmdId : '',
          cmd: 'Alert',
          onStatus: (s) => {
            if (s.code >= 200 && s.code < 300) alerts.remove(a);
          },
        }),
    });
  }
}
