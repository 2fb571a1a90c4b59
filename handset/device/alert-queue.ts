import { GenericAlertQueue } from '../../protocol/session/index.js';
import type { GenericAlert } from '../../protocol/session/index.js';

/**
 * The handset's Generic Alert queue, shared by every session it takes part in: each
 * change (an operation queued a result, a console accepted one) is handed to `onChange`
 * with the full list and what happened, which the handset writes to `state.json` — so
 * queued alerts survive a restart and are sent in the next session.
 */
export class PersistentAlertQueue extends GenericAlertQueue {
  constructor(
    items: readonly GenericAlert[],
    private readonly onChange: (items: readonly GenericAlert[], change: 'push' | 'remove') => void,
  ) {
    super(items);
  }

  override push(alert: GenericAlert): void {
    super.push(alert);
    this.onChange(this.items, 'push');
  }

  override remove(alert: GenericAlert): void {
    const before = this.items.length;
    super.remove(alert);
    if (this.items.length !== before) this.onChange(this.items, 'remove');
  }
}
