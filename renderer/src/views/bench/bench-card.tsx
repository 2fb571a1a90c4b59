/**
 * A handset card wired to the store on its own: it subscribes to its handset's newest
 * operation only, and is memoized, so a progress update re-renders the one card it is
 * about instead of the whole bench (32 cards at 10 updates a second each).
 */
import { memo } from 'react';
import type { HandsetSummary } from '../../../../main/ipc/contract.js';
import { lastOperationOf } from '../../store/handsets-slice.js';
import { useAppStore } from '../../store/store.js';
import { HandsetCard } from './handset-card.js';

export interface BenchCardProps {
  readonly handset: HandsetSummary;
  readonly selected: boolean;
}

/** {@link HandsetCard} for `handset`, opening it on Enter/click, toggling selection on Space. */
export const BenchCard = memo(function BenchCard({ handset, selected }: BenchCardProps) {
  const id = handset.id;
  // The same object until this handset's operation changes, so other updates skip the card.
  const lastOperation = useAppStore((s) => lastOperationOf(s.operations, id));
  const toggle = useAppStore((s) => s.toggleSelected);
  const navigate = useAppStore((s) => s.navigate);
  return (
    <HandsetCard
      handset={handset}
      lastOperation={lastOperation}
      selected={selected}
      onOpen={() => navigate('handset', id)}
      onToggle={() => toggle(id)}
    />
  );
});
