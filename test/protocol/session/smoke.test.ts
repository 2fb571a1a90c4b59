import { describe, expect, it } from 'vitest';
import { handsetTree, makeMemoryPair } from './fixtures.js';

describe('session smoke', () => {
  it('gets and replaces a leaf', async () => {
    const tree = handsetTree();
    const pair = makeMemoryPair({ server: {}, client: { tree } });
    const run = pair.start();
    const g = await pair.server.get('./Test/Leaf');
    expect(new TextDecoder().decode(g.items[0]?.data)).toBe('hello');
    await pair.server.replace('./Test/Leaf', 'world');
    await pair.server.close();
    await run;
    expect(new TextDecoder().decode(tree.get('./Test/Leaf').data)).toBe('world');
  });
});
