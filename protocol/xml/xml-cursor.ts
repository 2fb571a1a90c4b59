import { SaxesParser } from 'saxes';
import type { SaxesStartTagPlain, SaxesTagPlain } from 'saxes';
import { DecodeError } from '../bytes/decode-error.js';
import { Ev } from './cursor.js';
import type { EventCursor } from './cursor.js';
import type { XmlAttribute } from './element.js';
import { NamespaceScopes } from './namespaces.js';
import type { TextFeed } from './text-feed.js';

/** Options of {@link XmlCursor} (see `parseXml`). */
export interface XmlCursorOptions {
  readonly maxDepth: number;
  readonly onWarning?: ((warning: { offset: number; message: string }) => void) | undefined;
}

const NO_ATTRIBUTES: readonly XmlAttribute[] = Object.freeze([]);

/**
 * The constructor of the attribute objects handed to saxes (see the `opentagstart` handler):
 * plain fast-mode objects whose prototype has no properties and no prototype, so that, as
 * with saxes' own `Object.create(null)`, no attribute name (`constructor`, `__proto__`, …)
 * is found on them before it is set.
 */
function attributeBagConstructor(): new () => Record<string, string> {
  function AttributeBag(): void {
    // the object `new` makes is the bag
  }
  AttributeBag.prototype = Object.create(null) as object;
  return AttributeBag as unknown as new () => Record<string, string>;
}
const AttributeBag = attributeBagConstructor();
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/**
 * An {@link EventCursor} over XML text, built on saxes (which does the well-formedness
 * checking). The text is fed to saxes a slice at a time from a {@link TextFeed} (saxes
 * pushes events; buffering one slice's events keeps them few, so they die young); the
 * events of one slice are buffered in parallel arrays and handed out by `next()`.
 *
 * Tree rules (the ones `parseXml` documents): namespaces resolved onto `ns`, `xmlns`
 * attributes dropped and prefixed attributes kept under their local name; text and CDATA
 * merged; whitespace-only text dropped before a child element and at the end of an
 * element that has element children; comments and PIs dropped; a DOCTYPE with an internal
 * subset refused with `'entity'`, an external one ignored with a warning; undefined
 * entities refused with `'entity'`; nesting beyond `maxDepth` refused with `'too-deep'`.
 *
 * Position tracking costs about a quarter of saxes' time, so it is off; when a problem is
 * found the whole text is parsed again with positions to name the offset and line:column.
 */
export class XmlCursor implements EventCursor {
  kind: Ev | 0 = 0;
  name = '';
  ns = '';
  attributes: readonly XmlAttribute[] = NO_ATTRIBUTES;
  text = '';
  readonly bytes: Uint8Array = new Uint8Array(0);
  depth = 0;

  private readonly parser: SaxesParser<{ xmlns: false; position: boolean }>;
  private readonly scopes: NamespaceScopes;
  private closed = false;
  // The buffered events of the current slice: kind, then name+ns+attributes or text.
  private readonly kinds: Ev[] = [];
  private readonly strs: string[] = [];
  private readonly nss: string[] = [];
  private readonly attrs: (readonly XmlAttribute[])[] = [];
  /**
   * Events buffered in the arrays above. The arrays are overwritten slice after slice rather
   * than emptied (setting `length = 0` let V8 free and regrow their backing stores each time).
   */
  private count = 0;
  private read = 0;
  // Parser-side state (ahead of the consumer by up to one slice).
  private open = 0;
  private sawRoot = false;
  private pendingText = '';
  private readonly hasElementChild: boolean[] = [];
  /** The attribute object for the next start tag, and whether a tag put attributes in it. */
  private bag = new AttributeBag();
  private bagFilled = false;

  constructor(
    private readonly source: TextFeed,
    private readonly options: XmlCursorOptions,
    private readonly positions = false,
  ) {
    // Namespaces are resolved by NamespaceScopes rather than by saxes (see there why).
    const parser = new SaxesParser({ xmlns: false, position: positions });
    this.parser = parser;
    const scopes = new NamespaceScopes(
      (message) => this.fail('malformed-xml', message),
      () => parser.xmlDecl.version === '1.1',
    );
    this.scopes = scopes;
    // No 'error' handler: saxes then throws its Error, which `fill` turns into a DecodeError.
    // (saxes keeps each handler in a property added to the parser object; with an eighth
    // one V8 turns that object into a slow dictionary and all of saxes slows down by half.)
    parser.on('doctype', (doctype: string) => {
      if (doctype.includes('[')) {
        this.fail(
          'entity',
          'DOCTYPE with an internal subset refused (DTDs and entity declarations are not processed)',
        );
      }
      if (!positions) {
        options.onWarning?.({
          offset: 0,
          message:
            'DOCTYPE ignored: external DTDs are never fetched and their entities are refused',
        });
      }
    });
    parser.on('text', (t: string) => {
      if (this.open > 0) this.pendingText += t;
    });
    parser.on('cdata', (t: string) => {
      if (this.open > 0) this.pendingText += t;
    });
    parser.on('processinginstruction', (pi: { target: string }) => {
      // Namespaces in XML forbid colons in PI targets (saxes checks this in namespace mode).
      if (pi.target.includes(':'))
        this.fail('malformed-xml', 'colon in a processing instruction target.');
    });
    parser.on('opentagstart', (tag: SaxesStartTagPlain) => {
      // saxes gives each start tag an `Object.create(null)` for its attributes: a V8
      // dictionary-mode object, into which every attribute went through the slow generic
      // store (a tenth of the time of reading a SyncML message, where every MetInf element
      // carries an xmlns). An object of a constructor with a bare prototype behaves the same
      // for saxes (no inherited names, `__proto__` an own property) and stays fast.
      // A bag still empty after its tag (most are) is handed to the next tag again.
      if (this.bagFilled) {
        this.bag = new AttributeBag();
        this.bagFilled = false;
      }
      tag.attributes = this.bag;
    });
    parser.on('opentag', (tag: SaxesTagPlain) => {
      this.flushText(true);
      const d = this.open;
      if (d >= options.maxDepth)
        this.fail('too-deep', `element nesting exceeds ${options.maxDepth}`);
      // (Not saxes' attribute event: one more handler makes saxes' parser object slow.)
      const attributes = tag.attributes;
      for (const name in attributes) {
        scopes.attribute(name, attributes[name] as string);
        this.bagFilled = true;
      }
      scopes.open(tag.name);
      if (d > 0) this.hasElementChild[d - 1] = true;
      this.hasElementChild[d] = false;
      this.sawRoot = true;
      this.open = d + 1;
      this.push(Ev.START, scopes.local, scopes.uri, scopes.attributes);
    });
    parser.on('closetag', () => {
      this.flushText(false);
      if (this.open === 0) return;
      scopes.close();
      this.open--;
      this.push(Ev.END, scopes.local, scopes.uri, NO_ATTRIBUTES);
    });
  }

  private fail(reason: 'malformed-xml' | 'entity' | 'too-deep', message: string): never {
    throw this.error(reason, message);
  }

  private error(reason: 'malformed-xml' | 'entity' | 'too-deep', message: string): DecodeError {
    const p = this.parser;
    const where = this.positions ? ` at line ${p.line}:${p.column + 1}` : '';
    return new DecodeError(this.positions ? p.position : 0, reason, message + where, 'xml');
  }

  /** The DecodeError for an error saxes threw (its message without saxes' own position). */
  private saxesError(e: unknown): DecodeError {
    const message = (e instanceof Error ? e.message : String(e)).replace(
      /^(?:[^:]*:)?\d+:\d+: /,
      '',
    );
    return this.error(
      /entity/.test(message) && !/character entity/.test(message) ? 'entity' : 'malformed-xml',
      message,
    );
  }

  private flushText(beforeElement: boolean): void {
    const t = this.pendingText;
    if (t === '') return;
    this.pendingText = '';
    const d = this.open;
    if (
      d > 0 &&
      !((beforeElement || this.hasElementChild[d - 1] === true) && WHITESPACE_ONLY.test(t))
    ) {
      this.push(Ev.TEXT, t, '', NO_ATTRIBUTES);
    }
  }

  private push(kind: Ev, str: string, ns: string, attributes: readonly XmlAttribute[]): void {
    const n = this.count++;
    this.kinds[n] = kind;
    this.strs[n] = str;
    this.nss[n] = ns;
    this.attrs[n] = attributes;
  }

  /** Feeds saxes until events are buffered or the text is done; false at the end. */
  private fill(): boolean {
    this.count = 0;
    this.read = 0;
    try {
      while (this.count === 0) {
        const slice = this.closed ? undefined : this.source.next();
        if (slice !== undefined) this.parser.write(slice);
        else if (!this.closed) {
          this.closed = true;
          this.parser.close();
          if (!this.sawRoot) {
            throw new DecodeError(this.source.fed, 'malformed-xml', 'no root element', 'xml');
          }
        } else return false;
      }
    } catch (e) {
      if (e instanceof DecodeError && e.reason === 'bad-utf8') throw e;
      // Our handlers throw DecodeErrors; anything else is saxes finding the text malformed.
      const err = e instanceof DecodeError ? e : this.saxesError(e);
      // Bad UTF-8 anywhere wins over a parse error (as when the text was decoded first).
      this.source.checkRest();
      if (this.positions) throw err;
      // Parse again with positions to name where the document goes wrong.
      const again = new XmlCursor(this.source.restart(), { maxDepth: this.options.maxDepth }, true);
      while (again.next() !== Ev.EOF) {
        // runs until it throws
      }
      throw err;
    }
    return true;
  }

  next(): Ev {
    if (this.read >= this.count && !this.fill()) return (this.kind = Ev.EOF);
    const i = this.read++;
    const kind = this.kinds[i] as Ev;
    if (kind === Ev.TEXT) {
      this.text = this.strs[i] as string;
    } else {
      this.name = this.strs[i] as string;
      this.ns = this.nss[i] as string;
      if (kind === Ev.START) {
        this.attributes = this.attrs[i] as readonly XmlAttribute[];
        this.depth++;
      } else this.depth--;
    }
    return (this.kind = kind);
  }
}
