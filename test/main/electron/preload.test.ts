/**
 * The compiled preload, run as Electron runs a sandboxed preload: a CommonJS script whose
 * `require` yields only 'electron'. Electron's binary cannot exist on the build machine,
 * so `contextBridge` and `ipcRenderer` are recorded stand-ins; what is checked is what
 * the preload itself does with them.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const PRELOAD = new URL('../../../dist/main/electron/preload.cjs', import.meta.url);

function load() {
  const exposed: Record<string, unknown> = {};
  const sent: unknown[][] = [];
  const invoked: unknown[][] = [];
  const handlers = new Map<string, (...a: unknown[]) => void>();
  const required: string[] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: unknown) => {
        exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke: (...a: unknown[]) => {
        invoked.push(a);
        return Promise.resolve({ ok: true, value: 'x' });
      },
      send: (...a: unknown[]) => sent.push(a),
      on: (channel: string, h: (...a: unknown[]) => void) => handlers.set(channel, h),
    },
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(PRELOAD, 'utf8'), {
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
  });
  return { exposed, sent, invoked, handlers, required };
}

describe('electron preload', () => {
  it('requires nothing but electron and exposes exactly invoke, on and ready as window.cimo', () => {
    const { exposed, required } = load();
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['cimo']);
    expect(Object.keys(exposed['cimo'] as object).sort()).toEqual(['invoke', 'on', 'ready']);
  });

  it('forwards invoke to the one gateway channel and delivers events to listeners until removed', async () => {
    const { exposed, invoked, sent, handlers } = load();
    const api = exposed['cimo'] as {
      invoke(c: string, a: unknown): Promise<unknown>;
      on(e: string, l: (p: unknown) => void): () => void;
      ready(): void;
    };
    await expect(api.invoke('settings:get', {})).resolves.toEqual({ ok: true, value: 'x' });
    expect(invoked).toEqual([['cimo:invoke', 'settings:get', {}]]);
    const got: unknown[] = [];
    const off = api.on('handsets:changed', (p) => got.push(p));
    const fire = handlers.get('cimo:event');
    fire?.({}, 'handsets:changed', [1]);
    fire?.({}, 'operations:progress', [2]);
    off();
    fire?.({}, 'handsets:changed', [3]);
    expect(got).toEqual([[1]]);
    api.ready();
    expect(sent).toEqual([['cimo:ready']]);
  });
});
