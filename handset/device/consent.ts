/**
 * The owner's consent (CIMO-MO.md "Operation semantics"): with `Config/ConsentRequired`
 * true, a destructive operation (Wipe, FactoryReset, Uninstall, Retrieve) first asks the
 * owner; a console may instead ask with a UI alert 1101 before the Exec. Both go through
 * one policy, so a lab handset can be told to always agree, always refuse, or really ask.
 */
import type { UiAlertRequest, UiAnswer, UiHandler } from '../../protocol/session/index.js';

/** `always`: the owner agrees; `never`: refuses (→ 1401); `ask`: call `askOwner`. */
export type ConsentPolicy = 'always' | 'never' | 'ask';

/** Asks the person holding the handset a yes/no question (the CLI: a terminal prompt). */
export type AskOwner = (question: string) => Promise<boolean>;

/** The operations that need consent when `ConsentRequired` is true. */
export const CONSENT_OPERATIONS: ReadonlySet<string> = new Set([
  'Wipe',
  'FactoryReset',
  'Uninstall',
  'Retrieve',
]);

/** Something to tell the owner (a UI alert 1100, a lock message). */
export type ShowOwner = (text: string) => void;

/** Applies a consent policy. */
export class Consent {
  constructor(
    readonly policy: ConsentPolicy,
    private readonly askOwner: AskOwner | undefined,
  ) {}

  /**
   * The owner's answer to `question` under the policy. `ask` without an `askOwner`
   * refuses (nobody is there to agree), as does an `askOwner` that throws.
   */
  async ask(question: string): Promise<boolean> {
    if (this.policy === 'always') return true;
    if (this.policy === 'never' || this.askOwner === undefined) return false;
    try {
      return await this.askOwner(question);
    } catch {
      return false;
    }
  }

  /**
   * A UI handler for the session: 1101 (confirm or reject) goes through {@link ask} and
   * `onConfirmed` hears a yes (the session remembers it for the next destructive Exec);
   * 1100 (display) is shown with `show` and acknowledged; text input and choices are
   * cancelled (214) — a reference handset has nothing sensible to type.
   */
  uiHandler(show: ShowOwner, onConfirmed: () => void): UiHandler {
    return async (request: UiAlertRequest): Promise<UiAnswer> => {
      if (request.code === 1100) {
        show(request.text);
        return { kind: 'ok' };
      }
      if (request.code === 1101) {
        const yes = await this.ask(request.text);
        if (yes) onConfirmed();
        return { kind: 'confirm', yes };
      }
      return { kind: 'cancel' };
    };
  }
}
