import { afterEach, describe, expect, it } from 'vitest';
import { AtModem } from '../../../native-bridge/at/at-modem.js';
import {
  AtCommandError,
  AtTimeoutError,
  AtUnexpectedResponseError,
  isAtError,
} from '../../../native-bridge/at/at-errors.js';
import { SerialLink } from '../../../native-bridge/links/serial-link.js';
import { makePtyPair, type PtyPair } from '../support/socat-pty.js';

/** How the fake modem on the far pty end answers one command (undefined: stays silent). */
type Script = Record<string, string | undefined>;

let pair: PtyPair | undefined;
const links: SerialLink[] = [];

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  await pair?.dispose();
  pair = undefined;
});

/**
 * A small AT responder on the far end of a real pty: reads CR-terminated commands,
 * optionally echoes them, answers from `script` with `eol` line ends. After a reply
 * containing CONNECT it returns every further byte XOR 0xFF, so the test can tell the
 * reply from its own bytes and see that data after CONNECT crosses intact.
 */
async function startModem(
  script: Script,
  opts: { echo?: boolean; eol?: string; afterConnect?: Uint8Array } = {},
): Promise<{ modem: AtModem; heard: string[] }> {
  pair = await makePtyPair();
  const far = new SerialLink({ path: pair.b });
  const near = new SerialLink({ path: pair.a });
  links.push(far, near);
  await far.open();
  await near.open();
  const eol = opts.eol ?? '\r\n';
  const heard: string[] = [];
  void (async () => {
    let text = '';
    let dataMode = false;
    try {
      for await (const chunk of far.chunks()) {
        if (dataMode) {
          await far.write(chunk.map((b) => b ^ 0xff));
          continue;
        }
        text += Buffer.from(chunk).toString('latin1');
        let cr: number;
        while ((cr = text.indexOf('\r')) >= 0) {
          const cmd = text.slice(0, cr);
          text = text.slice(cr + 1);
          heard.push(cmd);
          const answer = script[cmd.toUpperCase()];
          let out = opts.echo ? `${cmd}\r` : '';
          if (answer !== undefined) {
            out += answer
              .split('\n')
              .map((l) => `${eol}${l}${eol}`)
              .join('');
          }
          const bytes = Buffer.from(out, 'latin1');
          if (answer?.includes('CONNECT')) {
            dataMode = true;
            // The first OBEX bytes may ride in the same write as CONNECT.
            const extra = opts.afterConnect ?? new Uint8Array(0);
            await far.write(Buffer.concat([bytes, extra]));
          } else if (out !== '') {
            await far.write(bytes);
          }
        }
      }
    } catch {
      // far end closed by the test
    }
  })();
  return { modem: new AtModem(near, { timeoutMs: 400 }), heard };
}

const phone: Script = {
  AT: 'OK',
  'AT+CGMI': '+CGMI: "Nokia"\nOK',
  'AT+CGMM': 'Nokia 6230i\nOK',
  'AT+CGSN': '+CGSN: 356789012345678\nOK',
  'AT+CPROT=0': 'CONNECT',
};

describe('AtModem', () => {
  it('probes, identifies and tolerates echo and prefixes', async () => {
    const { modem, heard } = await startModem(phone, { echo: true });
    await modem.probe();
    expect(await modem.identify()).toEqual({
      manufacturer: 'Nokia',
      model: 'Nokia 6230i',
      serialNumber: '356789012345678',
    });
    expect(heard).toEqual(['AT', 'AT+CGMI', 'AT+CGMM', 'AT+CGSN']);
  });

  it('copes with bare LF line ends and no echo', async () => {
    const { modem } = await startModem(phone, { eol: '\n' });
    await modem.probe();
    expect((await modem.identify()).manufacturer).toBe('Nokia');
  });

  it('switches to OBEX on CONNECT and hands over the bytes after it', async () => {
    const obexConnect = new Uint8Array([0x80, 0x00, 0x07, 0x10, 0x00, 0x04, 0x00]);
    const { modem } = await startModem(phone, { afterConnect: new Uint8Array([0xa0, 0x00]) });
    await modem.probe();
    const data = await modem.switchToObex();
    expect(data.description).toContain('OBEX after AT+CPROT=0');
    const it = data.chunks()[Symbol.asyncIterator]();
    const got: number[] = [];
    while (got.length < 2) got.push(...((await it.next()).value as Uint8Array));
    expect(got).toEqual([0xa0, 0x00]);
    await data.write(obexConnect);
    const back: number[] = [];
    while (back.length < obexConnect.length) back.push(...((await it.next()).value as Uint8Array));
    expect(back).toEqual([...obexConnect].map((b) => b ^ 0xff));
    await data.close();
  });

  it('reports ERROR from the switch step as AtCommandError', async () => {
    const { modem } = await startModem({ ...phone, 'AT+CPROT=0': '+CME ERROR: 4' });
    const err = await modem.switchToObex().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtCommandError);
    expect(isAtError(err) && err.step).toBe('switch');
    expect(String(err)).toContain('+CME ERROR: 4');
  });

  it('reports OK where CONNECT was needed as unexpected', async () => {
    const { modem } = await startModem({ ...phone, 'AT+CPROT=0': 'OK' });
    const err = await modem.switchToObex().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtUnexpectedResponseError);
    expect(isAtError(err) && err.code).toBe('unexpected');
  });

  it('times out on a silent modem and names the step', async () => {
    const { modem } = await startModem({});
    const t0 = Date.now();
    const err = await modem.probe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtTimeoutError);
    expect(isAtError(err) && err.step).toBe('probe');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
  });

  it('reports ERROR from an identity command', async () => {
    const { modem } = await startModem({ ...phone, 'AT+CGSN': 'ERROR' });
    const err = await modem.identify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtCommandError);
    expect(isAtError(err) && `${err.step} ${err.command}`).toBe('identity AT+CGSN');
  });
});
