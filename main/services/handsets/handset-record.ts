/**
 * One handset as the registry holds it: how it is reached, its connection state, what
 * identification learnt and the MO view, and the contract views built from them.
 */
import type {
  AppView,
  ConnectionState,
  HandsetDetail,
  HandsetSummary,
  InfoItemView,
  LinkKind,
  OperationSummary,
} from '../../ipc/contract.js';
import type { HandsetChannel } from './channel.js';
import type { StepFailure } from './failure.js';
import type { HandsetIdentity } from './identify.js';
import type { MoView } from './mo-view.js';
import type { KeptTree } from './tree-snapshot.js';

/** Looks up the newest verified retrieval of an item (the vault), for the detail view. */
export type VerifiedLookup = (
  imei: string,
  item: string,
) => { readonly retrievalId: string; readonly at: string } | undefined;

/** Mutable state of one handset; only the registry writes it. */
export class HandsetRecord {
  connection: ConnectionState = { state: 'attached' };
  identity: HandsetIdentity | undefined;
  view: MoView | undefined;
  activeOperation: OperationSummary | undefined;
  /** Sessions running now (state is `busy` while > 0 after identification). */
  sessions = 0;
  /** Set on unplug; a detached record is kept for the UI until the device returns. */
  detached = false;
  /**
   * Counts the DM sessions that have started with the handset (ours and those it
   * opened): any session may change its tree, so a tree read in an earlier one is stale.
   */
  treeRevision = 0;
  /** The subtree last read, packed, with the revision of the session that read it. */
  tree: KeptTree | undefined;

  constructor(
    readonly id: string,
    readonly link: LinkKind,
    readonly channel: HandsetChannel,
  ) {}

  /** IMEI, else DevId, else undefined (not identified yet). */
  get imei(): string | undefined {
    return this.identity?.imei ?? this.identity?.devId;
  }

  get model(): string | undefined {
    return this.identity?.devInfo['Mod'];
  }

  /** True when `ref` names this handset: its id, IMEI, DevId or link description. */
  matches(ref: string): boolean {
    return (
      ref === this.id ||
      ref === this.identity?.imei ||
      ref === this.identity?.devId ||
      ref === this.channel.description
    );
  }

  fail(f: StepFailure): void {
    this.connection = { state: 'failed', step: f.step, message: f.message, hint: f.hint };
  }

  summary(): HandsetSummary {
    const i = this.identity;
    return {
      id: this.id,
      link: this.link,
      linkDescription: this.channel.description,
      ...(i?.imei === undefined ? {} : { imei: i.imei }),
      ...(i?.devInfo['Man'] === undefined ? {} : { manufacturer: i.devInfo['Man'] }),
      ...(i?.devInfo['Mod'] === undefined ? {} : { model: i.devInfo['Mod'] }),
      ...(this.view === undefined ? {} : { mo: this.view.mo }),
      ...(this.view?.state === undefined ? {} : { lockState: this.view.state }),
      connection: this.connection,
      ...(this.activeOperation === undefined ? {} : { activeOperation: this.activeOperation }),
    };
  }

  detail(verified: VerifiedLookup | undefined): HandsetDetail {
    const imei = this.imei;
    const items = (this.view?.items ?? []).map((it): InfoItemView => {
      const v = imei === undefined ? undefined : verified?.(imei, it.id);
      return {
        id: it.id,
        name: it.name,
        category: it.category,
        location: it.location,
        itemCount: it.itemCount,
        byteSize: it.byteSize,
        locked: it.locked,
        ...(v === undefined ? {} : { verifiedRetrieval: v }),
      };
    });
    const apps = (this.view?.apps ?? []).map((a): AppView => ({
      id: a.id,
      name: a.name,
      version: a.version,
      vendor: a.vendor,
      removable: a.removable,
    }));
    return {
      ...this.summary(),
      devInfo: this.identity?.devInfo ?? {},
      devDetail: this.identity?.devDetail ?? {},
      items,
      apps,
    };
  }
}
