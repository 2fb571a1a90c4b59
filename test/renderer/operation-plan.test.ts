import { beforeEach, describe, expect, it } from 'vitest';
import type { HandsetDetail, HandsetSummary } from '../../main/ipc/contract.js';
import {
  confirmationMatches,
  describeTarget,
  unretrievedItems,
} from '../../renderer/src/lib/operation-plan.js';
import type { PlanTarget } from '../../renderer/src/lib/operation-plan.js';
import { resetStore, useAppStore } from '../../renderer/src/store/store.js';

const h: HandsetSummary = {
  id: 'h1',
  link: 'tcp',
  linkDescription: 'tcp',
  imei: '356938035643809',
  model: 'N95',
  connection: { state: 'ready' },
};
const detail: HandsetDetail = {
  ...h,
  devInfo: {},
  devDetail: {},
  apps: [],
  items: [
    {
      id: 'PhoneBook',
      name: 'Phone book',
      category: 'contacts',
      location: 'device',
      itemCount: 3,
      byteSize: 10,
      locked: false,
      verifiedRetrieval: { retrievalId: 'r', at: 'x' },
    },
    {
      id: 'Photos',
      name: 'Photos',
      category: 'images',
      location: 'device',
      itemCount: 2,
      byteSize: 10,
      locked: false,
    },
    {
      id: 'Notes',
      name: 'Notes',
      category: 'notes',
      location: 'device',
      itemCount: 0,
      byteSize: 0,
      locked: false,
    },
  ],
};
const target = (items: string[]): PlanTarget => ({
  handsetId: 'h1',
  label: 'N95',
  imei: h.imei,
  items,
  detail,
});

describe('operation-plan', () => {
  it('stops a wipe of items without a verified retrieval', () => {
    expect(unretrievedItems('wipe', target(['PhoneBook']))).toEqual([]);
    expect(unretrievedItems('wipe', target(['PhoneBook', 'Photos']))).toEqual(['Photos']);
    expect(unretrievedItems('factory-reset', target([]))).toEqual(['Photos']);
    expect(unretrievedItems('retrieve', target(['Photos']))).toEqual([]);
  });

  it('says what will happen to which handset and checks the last four IMEI digits', () => {
    expect(describeTarget('wipe', target(['Photos']))).toMatch(
      /^Photos on N95 \(IMEI 356938035643809\) will be deleted/,
    );
    expect(confirmationMatches('3809', h.imei)).toBe(true);
    expect(confirmationMatches('3808', h.imei)).toBe(false);
    expect(confirmationMatches('', undefined)).toBe(false);
  });
});

describe('handsets slice', () => {
  beforeEach(() => resetStore());

  it('keeps a handset unplugged mid-operation as departed, then follows its operation', () => {
    const s = useAppStore.getState;
    const op = {
      id: 'op1',
      handsetId: 'h1',
      operation: 'wipe' as const,
      status: 'running' as const,
      progress: 40,
    };
    s().setHandsets([{ ...h, activeOperation: op }]);
    s().toggleSelected('h1');
    s().setHandsets([]);
    expect(s().departed['h1']?.operation?.progress).toBe(40);
    expect(s().selected).toEqual([]);
    s().upsertOperation({ ...op, status: 'interrupted' });
    expect(s().departed['h1']?.operation?.status).toBe('interrupted');
    s().setHandsets([h]);
    expect(s().departed['h1']).toBeUndefined();
  });

  it('does not keep a handset that left with nothing running', () => {
    const s = useAppStore.getState;
    s().setHandsets([h]);
    s().setHandsets([]);
    expect(s().departed).toEqual({});
  });
});
