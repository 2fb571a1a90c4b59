/**
 * What crosses the IPC boundary when a handler throws: the error's own code when it has
 * one, else the layer it comes from (from its class, with a DM status when it carries
 * one), and `internal` only for JavaScript's own errors.
 */
import { describe, expect, it } from 'vitest';
import { Gateway, ServiceError, toIpcError } from '../../../main/ipc/gateway.js';
import { DmAuthError, DmProtocolError, DmStatusError } from '../../../protocol/session/errors.js';

describe('toIpcError', () => {
  it('keeps a service error code', () => {
    expect(toIpcError(new ServiceError('interlock', 'no retrieval')).code).toBe('interlock');
  });

  it('names the DM layer and its status code', () => {
    expect(toIpcError(new DmStatusError(404, 'Not found', './X'))).toMatchObject({
      name: 'DmStatusError',
      code: 'dm-status-404',
    });
    expect(toIpcError(new DmAuthError(401, true, 'bad password')).code).toBe('dm-auth-401');
    expect(toIpcError(new DmProtocolError('closed', 'the session ended')).code).toBe('dm-protocol');
  });

  it('reports bugs and odd values as internal', () => {
    expect(toIpcError(new TypeError('x is undefined')).code).toBe('internal');
    expect(toIpcError('a string').code).toBe('internal');
    class Weird extends Error {
      override readonly name = 'not a class name';
    }
    expect(toIpcError(new Weird('w')).code).toBe('internal');
  });

  it('is what a gateway returns for a throwing handler', async () => {
    const g = new Gateway().handle('handsets:list', () => {
      throw new DmStatusError(403, 'Forbidden');
    });
    const r = await g.invoke('handsets:list', {}, { shell: 'web' });
    expect(r).toMatchObject({ ok: false, error: { code: 'dm-status-403' } });
  });
});
