/**
 * The LAWMO MO (PROTOCOL-FACTS §7.1) as the handset's view of its state: the subset a
 * LAWMO handset has — `State`, `AvailableWipeList/<x>/{ListItemName,ToBeWiped}` (one entry
 * per information item), `LAWMOConfig/NotifyUser`, `Operations/*`. LAWMO has no
 * `LastOperation`; the handset keeps it in its state file all the same (`status()`).
 */
import { lawmoPaths } from '../../protocol/cimo/paths.js';
import type { LawmoPaths } from '../../protocol/cimo/paths.js';
import { instantiateTree } from '../../protocol/tree/index.js';
import type { DmTree } from '../../protocol/tree/index.js';
import type { DeviceState, ItemSelectors } from './device-state.js';
import { lawmoDdf } from './mo-ddf-files.js';
import { leafBool, reconcileInstances, setLeaf } from './mo-binding.js';
import type { DataSnapshot, MoBinding } from './mo-binding.js';

/** LAWMO at `rootUri` (e.g. `./LAWMO`). */
export class LawmoBinding implements MoBinding {
  readonly root: string;
  private readonly p: LawmoPaths;

  constructor(rootUri: string) {
    this.p = lawmoPaths(rootUri);
    this.root = this.p.root;
  }

  operationUri(operation: string): string | undefined {
    return (this.p.operations as Readonly<Record<string, string>>)[operation];
  }

  build(tree: DmTree, data: DataSnapshot, serverId: string): void {
    instantiateTree(lawmoDdf(), {
      tree,
      at: this.root,
      serverId,
      instances: { 'AvailableWipeList/<x>': data.items.map((i) => i.id) },
    });
  }

  apply(tree: DmTree, data: DataSnapshot, state: DeviceState, serverId: string): void {
    const p = this.p;
    const ids = data.items.map((i) => i.id);
    if (reconcileInstances(tree, p.availableWipeList, ids).length > 0) {
      this.build(tree, data, serverId);
    }
    setLeaf(tree, p.state, state.state);
    for (const item of data.items) {
      const q = p.wipeItem(item.id);
      setLeaf(tree, q.listItemName, item.name);
      setLeaf(tree, q.toBeWiped, state.items[item.id]?.toBeWiped ?? false);
    }
    setLeaf(tree, p.notifyUser, state.config.notifyUser);
  }

  /** LAWMO has no LastOperation node: results go out only as Generic Alerts. */
  applyLastOperation(): void {}

  capture(tree: DmTree, state: DeviceState): DeviceState {
    const p = this.p;
    const items: Record<string, ItemSelectors> = {};
    for (const id of tree.info(p.availableWipeList).children ?? []) {
      items[id] = {
        toBeLocked: false,
        toBeWiped: leafBool(tree, p.wipeItem(id).toBeWiped),
        toBeRetrieved: false,
      };
    }
    return {
      ...state,
      items,
      config: { ...state.config, notifyUser: leafBool(tree, p.notifyUser) },
    };
  }
}
