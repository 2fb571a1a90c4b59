import fc from 'fast-check';
import type {
  Command,
  Data,
  Item,
  LocRef,
  Meta,
  SyncHdr,
  SyncMLMessage,
} from '../../../protocol/syncml/index.js';
import { el, text } from '../../../protocol/xml/element.js';

/** Text a model may hold: no XML-forbidden characters, no leading/trailing whitespace. */
export const value: fc.Arbitrary<string> = fc.string({ unit: 'grapheme', maxLength: 16 }).map((s) =>
  [...s]
    .filter((c) => {
      const n = c.codePointAt(0) ?? 0;
      return n >= 0x20 && n !== 0xfffe && n !== 0xffff;
    })
    .join('')
    .trim(),
);
const special = fc.constantFrom(
  '<&>"\'',
  'Åsa Öberg',
  '张伟',
  '😀 emoji',
  'a]]>b',
  './DevInfo/Man',
);
const str = fc.oneof(value, special);
const id = fc.integer({ min: 0, max: 9999 }).map(String);
const num = fc.integer({ min: 0, max: 1_000_000_000 });

const opt = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined });

/** `T` with properties that may be undefined turned into optional ones. */
type Compact<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops undefined properties (the model omits absent optionals). */
function compact<T extends object>(o: T): Compact<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Compact<T>;
}

const locRef: fc.Arbitrary<LocRef> = fc.record({ locURI: str, locName: opt(str) }).map(compact);

const meta: fc.Arbitrary<Meta> = fc
  .record({
    fieldLevel: opt(fc.constant(true as const)),
    format: opt(fc.constantFrom('chr', 'b64', 'node', 'int')),
    type: opt(fc.oneof(str, fc.constant('text/plain'))),
    mark: opt(str),
    size: opt(num),
    anchor: opt(fc.record({ last: opt(str), next: opt(str) }).map(compact)),
    version: opt(str),
    nextNonce: opt(fc.uint8Array({ maxLength: 24 })),
    maxMsgSize: opt(num),
    maxObjSize: opt(num),
    emi: opt(fc.array(str, { minLength: 1, maxLength: 2 })),
    mem: opt(
      fc
        .record({ sharedMem: opt(fc.constant(true as const)), freeMem: opt(num), freeID: opt(num) })
        .map(compact),
    ),
  })
  .map(compact);

function data(allowBytes: boolean): fc.Arbitrary<Data> {
  const options: fc.Arbitrary<Data>[] = [
    str.map((t) => ({ kind: 'text' as const, text: t })),
    str.map((t) => ({
      kind: 'xml' as const,
      element: el('Anchor', 'syncml:metinf', [
        el('Next', 'syncml:metinf', t === '' ? [] : [text(t)]),
      ]),
    })),
  ];
  if (allowBytes)
    options.push(
      fc.uint8Array({ maxLength: 32 }).map((b) => ({ kind: 'bytes' as const, bytes: b })),
    );
  return fc.oneof(...options);
}

function item(allowBytes: boolean): fc.Arbitrary<Item> {
  return fc
    .record({
      target: opt(locRef),
      source: opt(locRef),
      meta: opt(meta),
      data: opt(data(allowBytes)),
      moreData: opt(fc.constant(true as const)),
    })
    .map((i) =>
      // bytes only travel as bytes under Format bin (else OPAQUE reads back as text).
      i.data?.kind === 'bytes' ? compact({ ...i, meta: { ...i.meta, format: 'bin' } }) : compact(i),
    );
}

function command(allowBytes: boolean): fc.Arbitrary<Command> {
  const items = fc.array(item(allowBytes), { maxLength: 3 });
  const leaf: fc.Arbitrary<Command> = fc.oneof(
    fc
      .record({
        kind: fc.constantFrom('Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace' as const),
        cmdId: id,
        noResp: opt(fc.constant(true as const)),
        meta: opt(meta),
        correlator: opt(str),
        items,
      })
      .map(compact),
    fc
      .record({
        kind: fc.constant('Alert' as const),
        cmdId: id,
        code: opt(fc.integer({ min: 1100, max: 1226 })),
        correlator: opt(str),
        items,
      })
      .map(compact),
    fc
      .record({
        kind: fc.constant('Status' as const),
        cmdId: id,
        msgRef: id,
        cmdRef: id,
        cmd: fc.constantFrom('SyncHdr', 'Get', 'Replace'),
        targetRefs: fc.array(str, { maxLength: 2 }),
        sourceRefs: fc.array(str, { maxLength: 2 }),
        chal: opt(meta.map((m) => ({ meta: m }))),
        code: fc.integer({ min: 100, max: 599 }),
        items,
      })
      .map(compact),
    fc
      .record({
        kind: fc.constant('Results' as const),
        cmdId: id,
        msgRef: opt(id),
        cmdRef: id,
        meta: opt(meta),
        targetRef: opt(str),
        sourceRef: opt(str),
        items,
      })
      .map(compact),
  );
  return fc.oneof(
    { weight: 4, arbitrary: leaf },
    {
      weight: 1,
      arbitrary: fc
        .record({
          kind: fc.constantFrom('Atomic', 'Sequence' as const),
          cmdId: id,
          commands: fc.array(leaf, { maxLength: 3 }),
        })
        .map(compact),
    },
  );
}

const header: fc.Arbitrary<SyncHdr> = fc
  .record({
    verDTD: fc.constantFrom('1.2', '1.1'),
    verProto: fc.constantFrom('DM/1.2', 'DM/1.1'),
    sessionId: id,
    msgId: id,
    target: locRef,
    source: locRef,
    respURI: opt(str),
    cred: opt(fc.record({ meta: opt(meta), data: str }).map(compact)),
    meta: opt(meta),
  })
  .map(compact);

/** Random valid messages; `allowBytes` adds binary Data (only WBXML keeps it as bytes). */
export function message(allowBytes: boolean): fc.Arbitrary<SyncMLMessage> {
  return fc.record({
    header,
    commands: fc.array(command(allowBytes), { maxLength: 4 }),
    final: fc.boolean(),
  });
}
