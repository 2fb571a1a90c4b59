import { describe, expect, it } from 'vitest';
import {
  CIMO_RESULT_MEANINGS,
  CimoResult,
  describeCimoResult,
  isCimoSuccess,
} from '../../../protocol/cimo/result-codes.js';
import { CimoState, describeCimoState, parseCimoState } from '../../../protocol/cimo/state.js';

describe('result-codes', () => {
  it('describes every listed code with the meaning from CIMO-MO.md', () => {
    expect(describeCimoResult(CimoResult.WIPE_NOT_PERFORMED)).toBe(
      'wipe not performed (nothing selected)',
    );
    expect(describeCimoResult(1421)).toBe('application is not removable');
    expect(Object.keys(CIMO_RESULT_MEANINGS)).toHaveLength(16);
  });

  it('describes unlisted codes by range and classifies success', () => {
    expect(describeCimoResult(1260)).toMatch(/vendor-specific success/);
    expect(describeCimoResult(1460)).toMatch(/vendor-specific failure/);
    expect(describeCimoResult(1230)).toMatch(/unlisted success/);
    expect(describeCimoResult(200)).toMatch(/not a CIMO result/);
    expect(isCimoSuccess(1210)).toBe(true);
    expect(isCimoSuccess(1401)).toBe(false);
  });
});

describe('state', () => {
  it('parses only the three LAWMO state values', () => {
    expect(parseCimoState(' 20 ')).toBe(CimoState.PARTIALLY_LOCKED);
    expect(parseCimoState('0')).toBeUndefined();
    expect(parseCimoState('2')).toBeUndefined();
    expect(describeCimoState(10)).toBe('fully locked');
    expect(describeCimoState(1)).toMatch(/unknown/);
  });
});
