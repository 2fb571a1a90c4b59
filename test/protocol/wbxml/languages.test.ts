import { describe, expect, it } from 'vitest';
import { codePage } from '../../../protocol/wbxml/language.js';
import {
  ALL_LANGUAGES,
  DEVINF_11,
  DEVINF_12,
  DMDDF_12,
  languageFor,
  METINF_12,
  SYNCML_11,
  SYNCML_12,
} from '../../../protocol/wbxml/languages.js';

describe('languages', () => {
  it('finds languages by public id and by FPI', () => {
    expect(languageFor(0x1201)).toBe(SYNCML_12);
    expect(languageFor(0x0fd3)).toBe(SYNCML_11);
    expect(languageFor(0x0fd4)).toBe(DEVINF_11);
    expect(languageFor(0x1203)).toBe(DEVINF_12);
    expect(languageFor(0x1202)).toBe(METINF_12);
    expect(languageFor(0, '-//OMA//DTD-DM-DDF 1.2//EN')).toBe(DMDDF_12);
    expect(languageFor(1, ' -//syncml//dtd  SyncML 1.2//en ')).toBe(SYNCML_12);
    expect(languageFor(0x7777)).toBeUndefined();
    expect(languageFor(0, '-//WAPFORUM//DTD WML 1.3//EN')).toBeUndefined();
  });

  it('has consistent token and name maps on every page', () => {
    for (const lang of ALL_LANGUAGES) {
      expect(lang.pages[0]?.tokens.has(lang.rootName)).toBe(true);
      for (const p of lang.pages) {
        for (const [token, name] of p.tags) expect(p.tokens.get(name)).toBe(token);
        expect(p.tags.size).toBe(p.tokens.size);
      }
    }
  });

  it('carries the spec token numbers (spot checks from PROTOCOL-FACTS §2.3-2.5)', () => {
    const [sync, met, ddf] = SYNCML_12.pages;
    expect(sync?.tokens.get('SyncML')).toBe(0x2d);
    expect(sync?.tokens.get('Correlator')).toBe(0x3c);
    expect(sync?.tags.has(0x30)).toBe(false);
    expect(met?.tokens.get('NextNonce')).toBe(0x10);
    expect(met?.tokens.get('FieldLevel')).toBe(0x16);
    expect(SYNCML_11.pages[1]?.tokens.has('FieldLevel')).toBe(false);
    expect(ddf?.page).toBe(2);
    expect(ddf?.tokens.get('Node')).toBe(0x24);
    expect(ddf?.tokens.get('node')).toBe(0x25);
    expect(DEVINF_11.pages[0]?.tags.get(0x1c)).toBe('Size');
    expect(DEVINF_12.pages[0]?.tags.get(0x1c)).toBe('MaxSize');
  });

  it('refuses malformed table entries', () => {
    expect(() => codePage(0, 'x', [[0x04, 'A']])).toThrow(RangeError);
    expect(() =>
      codePage(0, 'x', [
        [0x05, 'A'],
        [0x05, 'B'],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      codePage(0, 'x', [
        [0x05, 'A'],
        [0x06, 'A'],
      ]),
    ).toThrow(RangeError);
  });
});
