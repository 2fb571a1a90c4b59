import { describe, expect, it } from 'vitest';
import { ipcErrorAdvice } from '../../renderer/src/lib/advice.js';

const err = (code: string, message: string) => ({ name: 'E', code, message });

describe('ipcErrorAdvice', () => {
  it('says what a DM status from the handset means', () => {
    expect(ipcErrorAdvice(err('dm-status-403', '403 Forbidden (./CIMO/Config)'))).toBe(
      'The handset answered 403: the node’s access rights (ACL) do not allow this (403 Forbidden (./CIMO/Config)).',
    );
    expect(ipcErrorAdvice(err('dm-status-404', 'Not found'))).toMatch(/no such node/);
    expect(ipcErrorAdvice(err('dm-status-510', 'x'))).toMatch(/answered 510: the command was not/);
  });

  it('points authentication failures at the settings and protocol breaks at the trace', () => {
    expect(ipcErrorAdvice(err('dm-auth-401', 'authentication failed'))).toMatch(/Settings/);
    expect(ipcErrorAdvice(err('dm-protocol', 'closed'))).toMatch(/protocol trace/);
  });

  it('passes other messages through', () => {
    expect(ipcErrorAdvice(err('internal', 'boom'))).toBe('boom');
  });
});
