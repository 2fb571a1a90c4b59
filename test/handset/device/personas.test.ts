/**
 * The three personas: the tree a console finds (DevInfo, DevDetail, DMAcc, the MO by its
 * Type), LAWMO operations and alerts, and the feature phone's XML-only, 4 KiB limits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findMo } from '../../../protocol/cimo/find-mo.js';
import { AlertType, MoId } from '../../../protocol/cimo/ids.js';
import { lawmoPaths } from '../../../protocol/cimo/paths.js';
import { clientHandler, memoryTransport } from '../../../protocol/session/index.js';
import type { DmPackage } from '../../../protocol/session/index.js';
import { decodeMessage } from '../../../protocol/syncml/codec.js';
import { isValidImei } from '../../../handset/device/identity.js';
import { cleanup, consoleSession, getText, newHandset } from './helpers.js';

afterEach(cleanup);

describe('cimo persona', () => {
  it('has DevInfo, DevDetail, DMAcc and CIMO where a console looks for it', async () => {
    const h = await newHandset({ persona: 'cimo', seed: 5 });
    expect(await findMo(h.tree, MoId.CIMO)).toBe('./CIMO');
    expect(await findMo(h.tree, MoId.LAWMO)).toBeUndefined();
    const r = await consoleSession(h, async (s) => {
      const v: Record<string, string> = {};
      for (const u of [
        './DevInfo/DevId',
        './DevInfo/Man',
        './DevInfo/Mod',
        './DevInfo/DmV',
        './DevInfo/Lang',
        './DevDetail/LrgObj',
        './DevDetail/FwV',
        './DevDetail/URI/MaxDepth',
        './DMAcc/CIMOConsole/ServerID',
        './DMAcc/CIMOConsole/AppAddr/1/Addr',
        './DMAcc/CIMOConsole/AppAuth/CLCRED/AAuthName',
        './CIMO?prop=Type',
        './CIMO/InfoList',
      ]) {
        v[u] = await getText(s, u);
      }
      const secret = await s
        .get('./DMAcc/CIMOConsole/AppAuth/CLCRED/AAuthSecret')
        .catch((e: { status: number }) => e);
      return { v, secret: secret.status };
    });
    const v = r.result.v;
    expect(v['./DevInfo/DevId']).toMatch(/^IMEI:\d{15}$/);
    expect(isValidImei(v['./DevInfo/DevId']?.slice(5) ?? '')).toBe(true);
    expect(v).toMatchObject({
      './DevInfo/DevId': h.identity.devId,
      './DevInfo/DmV': '1.2',
      './DevInfo/Lang': 'en-US',
      './DevInfo/Man': 'CIMO Labs',
      './DevDetail/LrgObj': 'true',
      './DevDetail/URI/MaxDepth': '64',
      './DMAcc/CIMOConsole/ServerID': 'cimo-console',
      './DMAcc/CIMOConsole/AppAuth/CLCRED/AAuthName': h.identity.server.clientUsername,
      './CIMO?prop=Type': MoId.CIMO,
    });
    expect(v['./CIMO/InfoList']?.split('/')).toEqual(h.store.items().map((i) => i.id));
    // The credentials are writable by the console but never readable.
    expect(r.result.secret).toBe(425);
  });
});

describe('lawmo persona', () => {
  it('carries LAWMO only, wipes through AvailableWipeList and reports LAWMO alerts', async () => {
    const h = await newHandset({ persona: 'lawmo' });
    const L = lawmoPaths('./LAWMO');
    expect(await findMo(h.tree, MoId.LAWMO)).toBe('./LAWMO');
    expect(await findMo(h.tree, MoId.CIMO)).toBeUndefined();
    expect(h.tree.has('./CIMO')).toBe(false);
    const r = await consoleSession(h, async (s) => {
      const list = await getText(s, L.availableWipeList);
      const name = await getText(s, L.wipeItem('PhoneBook').listItemName);
      const ops = await getText(s, L.operations.root);
      await s.replace(L.wipeItem('Notes').toBeWiped, 'true');
      await s.replace(L.notifyUser, 'false');
      const exec = await s.exec(L.operations.Wipe, { correlator: 'lw-1' });
      return { list, name, ops, exec: exec.status };
    });
    expect(r.result.list.split('/')).toEqual(h.store.items().map((i) => i.id));
    expect(r.result.name).toBe('Phone book');
    expect(r.result.ops.split('/').sort()).toEqual(
      ['FactoryReset', 'FullyLock', 'PartiallyLock', 'UnLock', 'Wipe'].sort(),
    );
    expect(r.result.exec).toBe(202);
    await h.idle();
    expect((await h.store.stats('Notes')).itemCount).toBe(0);
    expect((await h.store.stats('Calendar')).itemCount).toBeGreaterThan(0);
    const next = await consoleSession(h, async (s) => {
      await s.exec(L.operations.PartiallyLock);
      return [await getText(s, L.state), await getText(s, L.notifyUser)];
    });
    expect(next.alerts).toEqual([
      {
        correlator: 'lw-1',
        source: L.operations.Wipe,
        type: AlertType.LAWMO_OPERATION_COMPLETE,
        data: '1201',
      },
    ]);
    expect(next.result).toEqual(['20', 'false']);
    // LAWMO has no selection for PartiallyLock: every item is locked.
    expect([...h.state.locked].sort()).toEqual(
      h.store
        .items()
        .map((i) => i.id)
        .sort(),
    );
  });
});

describe('feature-phone persona', () => {
  it('speaks XML only with MaxMsgSize 4096 and no large objects', async () => {
    const h = await newHandset({ persona: 'feature-phone' });
    const fromHandset: DmPackage[] = [];
    const transport = memoryTransport(clientHandler(h.newClientSession()), (pkg, dir) => {
      if (dir === 'in' && pkg.body.length > 0) fromHandset.push(pkg);
      return pkg;
    });
    const ok = await consoleSession(h, (s) => getText(s, './DevDetail/LrgObj'), { transport });
    expect(ok.result).toBe('false');
    expect(fromHandset.length).toBeGreaterThan(0);
    for (const p of fromHandset) {
      const { message, encoding } = decodeMessage(p.body);
      expect(encoding).toBe('xml');
      expect(message.header.meta?.maxMsgSize).toBe(4096);
      expect(p.body.length).toBeLessThanOrEqual(4096);
    }
    // A console that insists on WBXML gets no answer: the handset's session ends with
    // UnsupportedEncodingError, the console's with "no reply".
    const refusing = h.newClientSession();
    await expect(
      consoleSession(h, (s) => getText(s, './DevInfo/Mod'), {
        server: { encoding: 'wbxml' },
        transport: memoryTransport(clientHandler(refusing)),
      }),
    ).rejects.toMatchObject({ violation: 'unexpected-package' });
    await expect(refusing.done).rejects.toMatchObject({
      unsupportedEncoding: true,
      encoding: 'wbxml',
    });
    // A smartphone answers the same console in WBXML.
    const smart = await newHandset({ persona: 'cimo' });
    const w = await consoleSession(smart, (s) => getText(s, './DevInfo/Mod'), {
      server: { encoding: 'wbxml' },
    });
    expect(w.result).toBe('Ref-S1');
  });
});
