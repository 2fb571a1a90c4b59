import { describe, expect, it } from 'vitest';
import { explainJson, explainXml } from '../../../../main/cli/render/explain.js';

describe('explain', () => {
  it('annotates Data of Status and Alert only, leaving other Data alone', () => {
    const xml = [
      '<SyncBody>',
      '  <Status>',
      '    <CmdRef>0</CmdRef>',
      '    <Data>212</Data>',
      '  </Status>',
      '  <Alert>',
      '    <Data>1226</Data>',
      '    <Item>',
      '      <Data>404</Data>',
      '    </Item>',
      '  </Alert>',
      '  <Final/>',
      '</SyncBody>',
    ].join('\n');
    const out = explainXml(xml).split('\n');
    expect(out[3]).toBe('    <Data>212</Data> <!-- Authentication accepted -->');
    expect(out[6]).toMatch(/<Data>1226<\/Data> <!-- Generic alert -->$/);
    expect(out[8]).toBe('      <Data>404</Data>');
    expect(out.filter((l, i) => l !== xml.split('\n')[i])).toHaveLength(2);
  });

  it('adds codeText beside Status and Alert codes in JSON, recursively', () => {
    const json = explainJson({
      commands: [
        { kind: 'Status', code: 401 },
        { kind: 'Atomic', commands: [{ kind: 'Alert', code: 1223 }] },
        { kind: 'Get', code: 200 },
      ],
    }) as { commands: [{ codeText?: string }, { commands: [{ codeText?: string }] }, object] };
    expect(json.commands[0].codeText).toMatch(/^401 /);
    expect(json.commands[1].commands[0].codeText).toBe('1223 Session abort');
    expect(json.commands[2]).not.toHaveProperty('codeText');
  });
});
