/**
 * Lab use: a raw Get, Replace or Exec on any node, each in its own DM session. Replace
 * and Exec change the handset, so each is audited like an operation (`raw-replace`,
 * `raw-exec`: begin before sending, complete with the DM status).
 */
import type { TreeNodeView } from '../../ipc/contract.js';
import type { AuditLog } from '../audit/index.js';
import type { HandsetRegistry } from '../handsets/registry.js';
import { fetchTree } from '../handsets/tree-read.js';
import { fetchedNodeView } from '../handsets/tree-snapshot.js';
import type { SettingsStore } from '../settings/index.js';

/** What the raw commands need. */
export interface RawContext {
  readonly registry: HandsetRegistry;
  readonly audit: AuditLog;
  readonly settings: SettingsStore;
}

/** The subtree at `path` (default the MO root), as the tree browser lists it. */
export async function rawTree(
  c: RawContext,
  handsetId: string,
  path?: string,
): Promise<TreeNodeView[]> {
  const rec = c.registry.get(handsetId);
  const root = path ?? rec.view?.root ?? '.';
  const t = await c.registry.session(handsetId, (s) => fetchTree(s, root));
  return [...t.nodes.values()].map(fetchedNodeView);
}

/** One node: Get `path` (a leaf's value, or an interior node's child list). */
export async function rawGet(
  c: RawContext,
  handsetId: string,
  path: string,
): Promise<TreeNodeView> {
  const r = await c.registry.session(handsetId, (s) => s.get(path));
  const i = r.items[0];
  const children =
    i?.format === 'node' && i.data !== undefined
      ? new TextDecoder().decode(i.data).split('/').filter(Boolean)
      : undefined;
  return fetchedNodeView({
    uri: i?.uri ?? path,
    ...(i?.format === undefined ? {} : { format: i.format }),
    ...(i?.type === undefined ? {} : { type: i.type }),
    ...(i?.data === undefined || children !== undefined ? {} : { value: i.data }),
    ...(children === undefined ? {} : { children }),
  });
}

/** Replace or Exec, audited; resolves with the DM status (errors as statuses, not throws). */
export async function rawChange(
  c: RawContext,
  handsetId: string,
  kind: 'replace' | 'exec',
  path: string,
  data: { value?: string; format?: string },
): Promise<{ status: number }> {
  const rec = c.registry.get(handsetId);
  const id = c.audit.begin({
    operator: c.settings.value.operator,
    operation: kind === 'replace' ? 'raw-replace' : 'raw-exec',
    handset: {
      imei: rec.imei ?? rec.id,
      ...(rec.model === undefined ? {} : { model: rec.model }),
      link: rec.channel.description,
    },
    selection: { path },
  });
  try {
    const status = await c.registry.session(handsetId, async (s) => {
      try {
        const r =
          kind === 'replace'
            ? await s.replace(
                path,
                data.value ?? '',
                data.format === undefined ? {} : { format: data.format },
              )
            : await s.exec(path, data.value === undefined ? {} : { data: data.value });
        return r.status;
      } catch (e) {
        const st = (e as { status?: unknown }).status;
        if (typeof st === 'number') return st;
        throw e;
      }
    });
    c.audit.complete(id, {
      outcome: status < 300 ? 'succeeded' : 'failed',
      resultCode: status,
      resultSource: 'dm-status',
    });
    return { status };
  } catch (e) {
    c.audit.complete(id, {
      outcome: 'unknown',
      detail: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
}
