import { describe, expect, it } from 'vitest';
import { finalResult, infoValue, nextLine } from '../../../native-bridge/at/at-lines.js';

const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('at-lines', () => {
  it('splits on CR, LF, CRLF and LFCR alike', () => {
    for (const eol of ['\r', '\n', '\r\n', '\n\r']) {
      let buf = bytes(`${eol}OK${eol}ERROR${eol}`);
      const lines: string[] = [];
      for (let n = nextLine(buf); n; n = nextLine(buf)) {
        if (n.line !== '') lines.push(n.line);
        buf = buf.subarray(n.used);
      }
      expect(lines).toEqual(['OK', 'ERROR']);
    }
  });

  it('keeps an unterminated line for later', () => {
    expect(nextLine(bytes('CONNE'))).toBeUndefined();
  });

  it('classifies final result codes', () => {
    expect(finalResult(' ok ')?.kind).toBe('ok');
    expect(finalResult('CONNECT 115200')?.kind).toBe('connect');
    expect(finalResult('+CME ERROR: 10')).toEqual({ kind: 'error', line: '+CME ERROR: 10' });
    expect(finalResult('NO CARRIER')?.kind).toBe('other');
    expect(finalResult('+CGMI: Nokia')).toBeUndefined();
  });

  it('strips the command prefix and quotes from identity answers', () => {
    expect(infoValue('AT+CGMI', ['+CGMI: "Sony Ericsson"'])).toBe('Sony Ericsson');
    expect(infoValue('AT+CGMM', ['Nokia 6230i'])).toBe('Nokia 6230i');
    expect(infoValue('AT+CGMR', ['V 05.50', '21-11-05', 'RM-72'])).toBe('V 05.50 21-11-05 RM-72');
  });
});
