import { describe, expect, it } from 'vitest';
import {
  AlertCode,
  describeAlert,
  describeStatus,
  isSuccessStatus,
  isUserInteractionAlert,
  StatusCode,
} from '../../../protocol/syncml/index.js';

describe('status-codes', () => {
  it('describes every listed DM status code by name', () => {
    for (const code of Object.values(StatusCode)) {
      expect(describeStatus(code)).toMatch(new RegExp(`^${code} [A-Z]`));
      expect(describeStatus(code)).not.toMatch(/unlisted/);
    }
    expect(describeStatus(425)).toBe('425 Permission denied');
    expect(describeStatus(212)).toBe('212 Authentication accepted');
  });

  it('describes unlisted codes by class', () => {
    expect(describeStatus(299)).toBe('299 success (unlisted code)');
    expect(describeStatus(599)).toBe('599 recipient error (unlisted code)');
    expect(describeStatus(999)).toBe('999 unknown (unlisted code)');
  });

  it('treats exactly the 2xx codes as success', () => {
    expect([200, 212, 213, 216].every(isSuccessStatus)).toBe(true);
    expect([101, 304, 401, 500].some(isSuccessStatus)).toBe(false);
  });
});

describe('alert-codes', () => {
  it('describes every DM alert code, reserved ranges and foreign codes', () => {
    for (const code of Object.values(AlertCode)) {
      expect(describeAlert(code)).toMatch(new RegExp(`^${code} [A-Z]`));
    }
    expect(describeAlert(1226)).toBe('1226 Generic alert');
    expect(describeAlert(1105)).toBe('1105 reserved');
    expect(describeAlert(200)).toBe('200 not a DM alert code');
  });

  it('marks only 1100–1104 as user interaction alerts', () => {
    expect([1100, 1101, 1102, 1103, 1104].every(isUserInteractionAlert)).toBe(true);
    expect([1099, 1105, 1200, 1226].some(isUserInteractionAlert)).toBe(false);
  });
});
