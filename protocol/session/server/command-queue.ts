/**
 * What the console asks of a handset: command specs, their outcomes, and the conversion
 * of specs to SyncML commands (PROTOCOL-FACTS §1.3, §1.8).
 */
import { encodeUtf8 } from '../../bytes/utf8.js';
import type { Command, Item, Meta } from '../../syncml/model.js';
import type { TndsDocument } from '../../tree/tnds.js';
import { valueToData } from '../wire-value.js';

/** A command the console sends. `data` strings are the node value as text. */
export type DmCommandSpec =
  | { readonly kind: 'Get'; readonly uri: string }
  | {
      readonly kind: 'Add' | 'Replace';
      readonly uri: string;
      readonly data?: string | Uint8Array;
      readonly format?: string;
      readonly type?: string;
    }
  | { readonly kind: 'Delete'; readonly uri: string }
  | { readonly kind: 'Copy'; readonly uri: string; readonly source: string }
  | {
      readonly kind: 'Exec';
      readonly uri: string;
      readonly correlator?: string;
      readonly data?: string;
    }
  | {
      readonly kind: 'Alert';
      readonly code: number;
      readonly text?: string;
      readonly options?: Readonly<Record<string, string | number>>;
      readonly choices?: readonly string[];
    };

/** One Results item as the console reads it. */
export interface ResultItem {
  /** Source LocURI (the node). */
  readonly uri: string;
  readonly format?: string;
  readonly type?: string;
  /** Node value (b64 decoded), or the child list of an interior node as UTF-8. */
  readonly data?: Uint8Array;
  /** For `?list=TNDS`: the decoded document. */
  readonly tnds?: TndsDocument;
}

/** How a command ended. */
export interface CommandOutcome {
  readonly status: number;
  /** Get: the Results items, in order, reassembled across messages and chunks. */
  readonly items: readonly ResultItem[];
  /** UI alerts: the answer items' data (text input, chosen indexes). */
  readonly answers: readonly string[];
}

/** Atomic / Sequence outcome: the container's Status and each inner command's outcome. */
export interface ContainerOutcome {
  readonly status: number;
  readonly inner: readonly CommandOutcome[];
}

/** The SyncML command for a spec (CmdID assigned when sent). */
export function specToCommand(spec: DmCommandSpec): Command {
  switch (spec.kind) {
    case 'Get':
    case 'Delete':
      return { kind: spec.kind, cmdId: '', items: [{ target: { locURI: spec.uri } }] };
    case 'Copy':
      return {
        kind: 'Copy',
        cmdId: '',
        items: [{ target: { locURI: spec.uri }, source: { locURI: spec.source } }],
      };
    case 'Add':
    case 'Replace': {
      const meta: Meta = {
        ...(spec.format !== undefined ? { format: spec.format } : {}),
        ...(spec.type !== undefined ? { type: spec.type } : {}),
      };
      const item: Item = {
        target: { locURI: spec.uri },
        ...(Object.keys(meta).length > 0 ? { meta } : {}),
        ...(spec.data !== undefined
          ? {
              data: valueToData(
                typeof spec.data === 'string' ? encodeUtf8(spec.data) : spec.data,
                spec.format,
              ),
            }
          : {}),
      };
      return { kind: spec.kind, cmdId: '', items: [item] };
    }
    case 'Exec':
      return {
        kind: 'Exec',
        cmdId: '',
        ...(spec.correlator !== undefined ? { correlator: spec.correlator } : {}),
        items: [
          {
            target: { locURI: spec.uri },
            ...(spec.data !== undefined ? { data: { kind: 'text', text: spec.data } } : {}),
          },
        ],
      };
    case 'Alert': {
      const opts = Object.entries(spec.options ?? {})
        .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
        .join('&');
      const items: Item[] = [
        { data: { kind: 'text', text: opts } },
        { data: { kind: 'text', text: spec.text ?? '' } },
        ...(spec.choices ?? []).map((c): Item => ({ data: { kind: 'text', text: c } })),
      ];
      return { kind: 'Alert', cmdId: '', code: spec.code, items };
    }
  }
}
