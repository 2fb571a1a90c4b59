/**
 * The gateway channels the handset/operation services do not cover: the vault (list,
 * contents, export for the customer, delete), the audit log (list, verify, export) and
 * app info. Vault exports and deletions are audited here, where the operator's request
 * arrives.
 */
import type { AuditRecordView, RetrievalView, VaultContents } from '../ipc/contract.js';
import type { Gateway } from '../ipc/gateway.js';
import type { ConsoleServices } from '../services/console.js';
import { auditCsv, auditJson } from '../services/audit/index.js';
import type { AuditRow } from '../services/audit/index.js';
import {
  exportRetrieval,
  listContacts,
  listEvents,
  listNotes,
  listPhotos,
} from '../services/vault/index.js';
import type { RetrievalInfo } from '../services/vault/index.js';

/** Photos larger than this are listed without an inline preview. */
const MAX_PREVIEW_BYTES = 2 << 20;
/** At most this many photo previews per answer (the UI pages through the rest). */
const MAX_PREVIEWS = 60;

function retrievalView(
  r: RetrievalInfo,
  objects: readonly { readonly size: number }[] = [],
): RetrievalView {
  return {
    id: r.id,
    handsetImei: r.imei,
    model: r.model ?? '',
    created: r.createdAt,
    verified: r.state === 'verified',
    items: r.items.map((i) => i.item),
    objectCount: r.items.reduce((n, i) => n + i.objects, 0),
    byteSize: objects.reduce((n, o) => n + o.size, 0),
  };
}

function auditView(r: AuditRow): AuditRecordView {
  const parts: string[] = [];
  if (r.selection?.items !== undefined && r.selection.items.length > 0) {
    parts.push(`items ${r.selection.items.join(', ')}`);
  }
  if (r.selection?.apps !== undefined && r.selection.apps.length > 0) {
    parts.push(`apps ${r.selection.apps.join(', ')}`);
  }
  if (r.waiver !== null) parts.push(`waiver by ${r.waiver.by}: ${r.waiver.reason}`);
  if (r.consent !== null) parts.push(`consent ${r.consent.answer} (${r.consent.via})`);
  if (r.correlator !== null) parts.push(`correlator ${r.correlator}`);
  if (r.verification !== null) parts.push(`verification ${JSON.stringify(r.verification)}`);
  if (r.detail !== null) parts.push(r.detail);
  const outcome =
    r.kind === 'started'
      ? 'started'
      : r.kind === 'interrupted'
        ? 'interrupted'
        : `${r.outcome ?? r.kind}${r.resultCode === null ? '' : ` (${r.resultCode})`}`;
  return {
    id: r.id,
    at: r.at,
    operator: r.operator,
    action: r.operation,
    handset: r.imei === null ? '' : `${r.imei}${r.model === null ? '' : ` ${r.model}`}`,
    detail: parts.join('; '),
    outcome,
  };
}

/** Registers vault, audit and app channels for `services` on `gateway`. */
export function registerConsoleChannels(
  gateway: Gateway,
  services: ConsoleServices,
  app: { readonly version: string; readonly shell: 'electron' | 'web' },
): void {
  const { vault, audit, settings } = services;
  gateway
    .handle('app:get-info', () => app)
    // The shells open the vault before serving (key from safeStorage, a key file or the
    // passphrase the operator gave at start), so the UI always finds it open.
    .handle('vault:get-status', () => ({ state: 'open' as const }))
    .handle('vault:unlock', () => ({ state: 'open' as const }))
    .handle('vault:list', (a) => {
      const imei =
        a.handsetId === undefined
          ? undefined
          : (services.registry.find(a.handsetId)?.imei ?? a.handsetId);
      return vault
        .listRetrievals(imei === undefined ? {} : { imei })
        .map((r) => retrievalView(r, vault.retrieval(r.id).objects));
    })
    .handle('vault:get-contents', async (a): Promise<VaultContents> => {
      const contacts = await listContacts(vault, a.retrievalId);
      const events = await listEvents(vault, a.retrievalId);
      const notes = await listNotes(vault, a.retrievalId);
      const photos = [];
      for (const p of listPhotos(vault, a.retrievalId).slice(0, MAX_PREVIEWS)) {
        if (!p.stored || p.size > MAX_PREVIEW_BYTES) continue;
        const bytes = await vault.readObject(a.retrievalId, p.index);
        photos.push({
          name: p.name,
          dataUrl: `data:${p.type};base64,${bytes.toString('base64')}`,
        });
      }
      return {
        contacts: contacts.map((c) => ({ name: c.fullName, phones: c.phones.map((p) => p.value) })),
        events: events.map((e) => ({ summary: e.summary, start: e.start ?? '' })),
        notes: notes.map((n) => ({ text: n.body })),
        photos,
      };
    })
    .handle('vault:export', async (a) => {
      const r = vault.retrieval(a.retrievalId);
      const files = await exportRetrieval(vault, a.retrievalId, a.folder);
      audit.record({
        operator: settings.value.operator,
        operation: 'vault-export',
        handset: { imei: r.imei, ...(r.model === null ? {} : { model: r.model }) },
        detail: `retrieval ${a.retrievalId}: ${files.length} files exported`,
      });
      return { files: files.length, folder: a.folder };
    })
    .handle('vault:delete', async (a) => {
      const r = vault.retrieval(a.retrievalId);
      await vault.deleteRetrieval(a.retrievalId);
      audit.record({
        operator: settings.value.operator,
        operation: 'vault-delete',
        handset: { imei: r.imei, ...(r.model === null ? {} : { model: r.model }) },
        detail: `retrieval ${a.retrievalId} deleted`,
      });
      return { deleted: true };
    })
    .handle('audit:list', (a) =>
      audit
        .list({
          ...(a.handset === undefined ? {} : { imei: a.handset }),
          ...(a.operator === undefined ? {} : { operator: a.operator }),
          ...(a.operation === undefined ? {} : { operation: a.operation }),
          limit: a.limit ?? 500,
        })
        .map(auditView),
    )
    .handle('audit:verify', () => {
      const report = audit.verify();
      if (report.ok) return { ok: true, records: report.rows };
      return {
        ok: false,
        records: report.error.rowId ?? 0,
        problem: report.error.message,
      };
    })
    .handle('audit:export', (a) => {
      const rows = audit.list({});
      return { text: a.format === 'csv' ? auditCsv(rows) : auditJson(audit.logId, rows) };
    });
}
