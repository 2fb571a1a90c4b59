/**
 * UI alerts 1100–1104 (PROTOCOL-FACTS §1.8): parsing the options and texts, asking the
 * handset's UI, and turning the answer into a Status (200 / 304 / 214 / 408 …).
 */
import type { Clock } from '../../clock.js';
import type { AlertCommand, Item } from '../../syncml/model.js';
import { DmTimeoutError } from '../errors.js';
import { withTimeout } from '../transport.js';
import { dataText } from '../wire-value.js';

/** A UI alert as the handset's UI sees it. */
export interface UiAlertRequest {
  readonly code: number;
  /** Options from the first item (`MINDT`, `MAXDT`, `DR`, `MAXLEN`, `IT`, `ET`). */
  readonly options: Readonly<Record<string, string>>;
  readonly text: string;
  /** Choices of 1103/1104 (numbered from 1). */
  readonly choices: readonly string[];
}

/** What the user did. */
export type UiAnswer =
  | { readonly kind: 'ok' }
  | { readonly kind: 'confirm'; readonly yes: boolean }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'choice'; readonly selected: readonly number[] };

/** Asks the user; the session bounds the wait by MAXDT (else its default). */
export type UiHandler = (request: UiAlertRequest) => Promise<UiAnswer>;

/** Parses a UI alert's items into a request. */
export function parseUiAlert(alert: AlertCommand): UiAlertRequest {
  const [opts, text, ...choices] = alert.items;
  const options: Record<string, string> = {};
  for (const pair of dataText(opts?.data).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) options[pair.slice(0, eq)] = safeDecode(pair.slice(eq + 1));
  }
  return {
    code: alert.code ?? 0,
    options,
    text: dataText(text?.data),
    choices: choices.map((c) => dataText(c.data)),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Asks `ui` and maps the answer to a Status code and answer items: 1101 yes → 200,
 * no → 304; cancel → 214; text/choices → 200 with items; no answer within MAXDT seconds
 * (or `defaultMs`) → 408; no UI → 406.
 */
export async function answerUiAlert(
  alert: AlertCommand,
  ui: UiHandler | undefined,
  clock: Clock,
  defaultMs: number,
): Promise<{ status: number; items: Item[]; aborted: boolean }> {
  if (ui === undefined) return { status: 406, items: [], aborted: false };
  const request = parseUiAlert(alert);
  const maxdt = Number(request.options['MAXDT']);
  const ms = Number.isFinite(maxdt) && maxdt > 0 ? maxdt * 1000 : defaultMs;
  let answer: UiAnswer;
  try {
    answer = await withTimeout(clock, ms, `UI alert ${request.code}`, ui(request));
  } catch (e) {
    if (e instanceof DmTimeoutError) return { status: 408, items: [], aborted: true };
    return { status: 500, items: [], aborted: true };
  }
  switch (answer.kind) {
    case 'confirm':
      return { status: answer.yes ? 200 : 304, items: [], aborted: !answer.yes };
    case 'cancel':
      return { status: 214, items: [], aborted: true };
    case 'text':
      return {
        status: 200,
        items: [{ data: { kind: 'text', text: answer.text } }],
        aborted: false,
      };
    case 'choice':
      return {
        status: 200,
        items: answer.selected.map((n) => ({ data: { kind: 'text', text: String(n) } })),
        aborted: false,
      };
    default:
      return { status: 200, items: [], aborted: false };
  }
}
