/**
 * Retrieve to an http RetrieveTarget: the handset PUTs the manifest then each object to
 * a real node:http server on 127.0.0.1; an unreachable target ends with 1411.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRetrievedObject, parseManifest } from '../../../protocol/cimo/manifest.js';
import { cimoPaths } from '../../../protocol/cimo/paths.js';
import type { Handset } from '../../../handset/device/handset.js';
import { cleanup, consoleSession, newHandset } from './helpers.js';

const P = cimoPaths('./CIMO');
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  await cleanup();
});

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A receiving endpoint: records every request, answers `status`. */
async function endpoint(status = 201): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.statusCode = status;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/cimo/upload/`, got };
}

async function retrieveTo(h: Handset, target: string, correlator: string) {
  await consoleSession(h, async (s) => {
    await s.replace(P.config.RetrieveTarget, target);
    await s.replace(P.info('SIMPhoneBook').ToBeRetrieved, 'true');
    await s.replace(P.info('Photos').ToBeRetrieved, 'true');
    expect((await s.exec(P.operations.Retrieve, { correlator })).status).toBe(202);
  });
  await h.idle();
  return consoleSession(h, async () => undefined);
}

describe('Retrieve to an http(s) RetrieveTarget', () => {
  it('PUTs the manifest, then every object with its type and digest; all verify', async () => {
    const ep = await endpoint();
    const h = await newHandset();
    const next = await retrieveTo(h, ep.url, 'net 1/ü');
    expect(next.alerts.map((a) => [a.correlator, a.data])).toEqual([['net 1/ü', '1210']]);
    expect(ep.got.every((r) => r.method === 'PUT')).toBe(true);
    const first = ep.got[0];
    expect(first?.url).toBe(`/cimo/upload/${encodeURIComponent('net 1/ü')}/manifest.xml`);
    expect(first?.headers['content-type']).toMatch(/^application\/xml/);
    const m = parseManifest(first?.body ?? Buffer.alloc(0));
    expect(m.correlator).toBe('net 1/ü');
    expect(m.objects.length).toBe(ep.got.length - 1);
    expect(new Set(m.objects.map((o) => o.info))).toEqual(new Set(['SIMPhoneBook', 'Photos']));
    for (const o of m.objects) {
      const req = ep.got.find(
        (r) =>
          r.url === `/cimo/upload/${encodeURIComponent('net 1/ü')}/${encodeURIComponent(o.name)}`,
      );
      if (req === undefined) throw new Error(`${o.name} was not uploaded`);
      expect(checkRetrievedObject(o, req.body)).toBe('ok');
      expect(req.headers['content-type']).toBe(o.type);
      expect(req.headers['x-cimo-sha256']).toBe(o.sha256);
      expect(req.headers['x-cimo-devid']).toBe(h.identity.devId);
    }
    // Uploaded, not published: nothing left in the handset's retrieve or staging folders.
    expect(await readdir(join(h.dir, 'retrieve'))).toEqual([]);
    expect(await readdir(join(h.dir, 'upload'))).toEqual([]);
    expect(h.state.lastOperation.manifest).toBe(first?.body.toString('utf8'));
  });

  it('an endpoint answering 500 is 1410; an unreachable one is 1411', async () => {
    const failing = await endpoint(500);
    const h = await newHandset();
    const a = await retrieveTo(h, failing.url, 'bad');
    expect(a.alerts.map((x) => x.data)).toEqual(['1410']);
    expect(failing.got).toHaveLength(1); // it stops at the first refusal
    // A port nobody listens on: take one from a server and close it.
    const gone = await endpoint();
    const port = new URL(gone.url).port;
    await new Promise((r) => servers.pop()?.close(r));
    const b = await retrieveTo(h, `http://127.0.0.1:${port}/x`, 'gone');
    expect(b.alerts.map((x) => x.data)).toEqual(['1411']);
    expect(h.state.lastOperation).toMatchObject({ status: 'failed', resultCode: 1411 });
  });
});
