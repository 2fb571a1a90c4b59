/**
 * The CIMO MO (CIMO-MO.md) as the handset's view of its state: `InfoList` from the data
 * stores, `AppList` from the installed apps, `Config` and the ToBe* selectors as the
 * console set them, `State`, `Locked` and `LastOperation` as operations left them.
 */
import { cimoPaths } from '../../protocol/cimo/paths.js';
import type { CimoPaths } from '../../protocol/cimo/paths.js';
import { instantiateTree } from '../../protocol/tree/index.js';
import type { DmTree } from '../../protocol/tree/index.js';
import type { DeviceState, ItemSelectors } from './device-state.js';
import { cimoDdf } from './mo-ddf-files.js';
import { leafBool, leafText, reconcileInstances, setLeaf } from './mo-binding.js';
import type { DataSnapshot, MoBinding } from './mo-binding.js';

const NO_SELECTION: ItemSelectors = { toBeLocked: false, toBeWiped: false, toBeRetrieved: false };

/** CIMO at `rootUri` (e.g. `./CIMO`). */
export class CimoBinding implements MoBinding {
  readonly root: string;
  private readonly p: CimoPaths;

  constructor(rootUri: string) {
    this.p = cimoPaths(rootUri);
    this.root = this.p.root;
  }

  operationUri(operation: string): string | undefined {
    return (this.p.operations as Readonly<Record<string, string>>)[operation];
  }

  build(tree: DmTree, data: DataSnapshot, serverId: string): void {
    instantiateTree(cimoDdf(), {
      tree,
      at: this.root,
      serverId,
      instances: {
        'InfoList/<x>': data.items.map((i) => i.id),
        'AppList/<x>': data.apps.map((a) => a.id),
      },
    });
  }

  apply(tree: DmTree, data: DataSnapshot, state: DeviceState, serverId: string): void {
    const p = this.p;
    const added = [
      ...reconcileInstances(
        tree,
        p.infoList,
        data.items.map((i) => i.id),
      ),
      ...reconcileInstances(
        tree,
        p.appList,
        data.apps.map((a) => a.id),
      ),
    ];
    if (added.length > 0) this.build(tree, data, serverId);
    setLeaf(tree, p.state, state.state);
    const locked = new Set(state.locked);
    for (const item of data.items) {
      const q = p.info(item.id);
      const st = data.stats.get(item.id);
      const sel = state.items[item.id] ?? NO_SELECTION;
      setLeaf(tree, q.Name, item.name);
      setLeaf(tree, q.Category, item.category);
      setLeaf(tree, q.Location, item.location);
      setLeaf(tree, q.Format, item.format);
      setLeaf(tree, q.ItemCount, st?.itemCount ?? 0);
      setLeaf(tree, q.ByteSize, st?.byteSize ?? 0);
      setLeaf(tree, q.Locked, locked.has(item.id));
      setLeaf(tree, q.ToBeLocked, sel.toBeLocked);
      setLeaf(tree, q.ToBeWiped, sel.toBeWiped);
      setLeaf(tree, q.ToBeRetrieved, sel.toBeRetrieved);
    }
    for (const app of data.apps) {
      const q = p.app(app.id);
      setLeaf(tree, q.Name, app.name);
      setLeaf(tree, q.Version, app.version);
      setLeaf(tree, q.Vendor, app.vendor);
      setLeaf(tree, q.Removable, app.removable);
      setLeaf(tree, q.ToBeUninstalled, state.apps[app.id] ?? false);
    }
    const c = state.config;
    setLeaf(tree, p.config.NotifyUser, c.notifyUser);
    setLeaf(tree, p.config.LockMessage, c.lockMessage);
    setLeaf(tree, p.config.ConsentRequired, c.consentRequired);
    setLeaf(tree, p.config.RetrieveTarget, c.retrieveTarget);
    this.applyLastOperation(tree, state);
  }

  applyLastOperation(tree: DmTree, state: DeviceState): void {
    const op = state.lastOperation;
    const l = this.p.lastOperation;
    setLeaf(tree, l.Name, op.name);
    setLeaf(tree, l.Correlator, op.correlator);
    setLeaf(tree, l.Status, op.status);
    setLeaf(tree, l.ResultCode, op.resultCode);
    setLeaf(tree, l.Progress, op.progress);
    setLeaf(tree, l.Manifest, op.manifest);
  }

  capture(tree: DmTree, state: DeviceState): DeviceState {
    const p = this.p;
    const items: Record<string, ItemSelectors> = {};
    for (const id of tree.info(p.infoList).children ?? []) {
      const q = p.info(id);
      items[id] = {
        toBeLocked: leafBool(tree, q.ToBeLocked),
        toBeWiped: leafBool(tree, q.ToBeWiped),
        toBeRetrieved: leafBool(tree, q.ToBeRetrieved),
      };
    }
    const apps: Record<string, boolean> = {};
    for (const id of tree.info(p.appList).children ?? []) {
      apps[id] = leafBool(tree, p.app(id).ToBeUninstalled);
    }
    return {
      ...state,
      items,
      apps,
      config: {
        notifyUser: leafBool(tree, p.config.NotifyUser),
        lockMessage: leafText(tree, p.config.LockMessage),
        consentRequired: leafBool(tree, p.config.ConsentRequired),
        retrieveTarget: leafText(tree, p.config.RetrieveTarget).trim() || 'local',
      },
    };
  }
}
