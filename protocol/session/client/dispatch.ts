/**
 * Runs the commands of a server message in order and collects one answer per command
 * (Status code, Status items, Results items): item commands on the tree, Exec through
 * the executors, UI alerts through the UI, Atomic with rollback (216 for rolled-back
 * inner commands, 507 for the Atomic, nested Atomic 500) and Sequence (215 after a UI
 * abort). PROTOCOL-FACTS §1.3, §1.8.
 */
import type { Clock } from '../../clock.js';
import { isUserInteractionAlert } from '../../syncml/alert-codes.js';
import type { Command, ContainerCommand, Item, ItemCommand } from '../../syncml/model.js';
import { requireAccess } from '../../tree/acl-check.js';
import { formatUri } from '../../tree/uri.js';
import { runItemCommand, statusOf } from './command-runner.js';
import type { RunContext } from './command-runner.js';
import type { ExecutorRegistry, GenericAlertQueue } from './executor.js';
import { answerUiAlert } from './ui-alert.js';
import type { UiHandler } from './ui-alert.js';
import { dataText } from '../wire-value.js';

/** The answer to one command. */
export interface Answer {
  readonly command: Command & { cmdId: string };
  readonly status: number;
  readonly statusItems?: readonly Item[];
  readonly results?: readonly Item[];
}

/** What the dispatcher needs besides the tree. */
export interface DispatchContext extends RunContext {
  readonly clock: Clock;
  readonly executors: ExecutorRegistry;
  readonly alerts: GenericAlertQueue;
  readonly ui: UiHandler | undefined;
  readonly uiTimeoutMs: number;
}

/** Runs one command; `inAtomic` marks commands inside an Atomic (nested Atomic → 500). */
export async function dispatch(
  cmd: Command,
  ctx: DispatchContext,
  inAtomic = false,
): Promise<{ answers: Answer[]; aborted: boolean }> {
  switch (cmd.kind) {
    case 'Add':
    case 'Copy':
    case 'Delete':
    case 'Get':
    case 'Replace': {
      const r = runItemCommand(cmd, ctx);
      const a: Answer =
        r.results === undefined
          ? { command: cmd, status: r.status }
          : { command: cmd, status: r.status, results: r.results };
      return { answers: [a], aborted: false };
    }
    case 'Exec':
      return { answers: [{ command: cmd, status: await runExec(cmd, ctx) }], aborted: false };
    case 'Alert': {
      if (cmd.code !== undefined && isUserInteractionAlert(cmd.code)) {
        const r = await answerUiAlert(cmd, ctx.ui, ctx.clock, ctx.uiTimeoutMs);
        return {
          answers: [{ command: cmd, status: r.status, statusItems: r.items }],
          aborted: r.aborted,
        };
      }
      return { answers: [{ command: cmd, status: cmd.code === 1222 ? 200 : 406 }], aborted: false };
    }
    case 'Atomic':
      if (inAtomic) return { answers: [{ command: cmd, status: 500 }], aborted: false };
      return runAtomic(cmd, ctx);
    case 'Sequence':
      return runSequence(cmd, ctx, inAtomic);
    default:
      return {
        answers: 'cmdId' in cmd ? [{ command: cmd, status: 406 }] : [],
        aborted: false,
      };
  }
}

async function runExec(cmd: ItemCommand, ctx: DispatchContext): Promise<number> {
  const item = cmd.items[0];
  const uriText = item?.target?.locURI;
  if (uriText === undefined) return 400;
  let uri = '';
  const access = statusOf(() => {
    const segs = ctx.tree.segmentsOf(uriText);
    uri = formatUri(segs);
    requireAccess(ctx.tree, { cmd: 'Exec', target: segs }, ctx.serverId);
    return { status: ctx.tree.has(segs) ? 200 : 404 };
  });
  if (access.status !== 200) return access.status;
  const executor = ctx.executors.find(uri);
  if (executor === undefined) return 405;
  const request = {
    uri,
    data: dataText(item?.data),
    serverId: ctx.serverId,
    ...(cmd.correlator !== undefined ? { correlator: cmd.correlator } : {}),
  };
  try {
    return await executor(request, (alert) => ctx.alerts.push(alert));
  } catch {
    return 500;
  }
}

async function runAtomic(
  cmd: ContainerCommand,
  ctx: DispatchContext,
): Promise<{ answers: Answer[]; aborted: boolean }> {
  const undo: (() => void)[] = [];
  const inner: Answer[] = [];
  let failed = false;
  for (const c of cmd.commands) {
    if (failed) {
      if ('cmdId' in c) inner.push({ command: c, status: 215 });
      continue;
    }
    const r = await dispatch(c, { ...ctx, undo }, true);
    inner.push(...r.answers);
    if (r.answers.some((a) => a.status >= 300) || r.aborted) failed = true;
  }
  if (!failed) return { answers: [{ command: cmd, status: 200 }, ...inner], aborted: false };
  let rollbackOk = true;
  for (const step of undo.reverse()) {
    try {
      step();
    } catch {
      rollbackOk = false;
    }
  }
  const rolled = inner.map((a) =>
    a.status < 300 ? { command: a.command, status: rollbackOk ? 216 : 516 } : a,
  );
  return { answers: [{ command: cmd, status: 507 }, ...rolled], aborted: false };
}

async function runSequence(
  cmd: ContainerCommand,
  ctx: DispatchContext,
  inAtomic: boolean,
): Promise<{ answers: Answer[]; aborted: boolean }> {
  const inner: Answer[] = [];
  let aborted = false;
  for (const c of cmd.commands) {
    if (aborted) {
      if ('cmdId' in c) inner.push({ command: c, status: 215 });
      continue;
    }
    const r = await dispatch(c, ctx, inAtomic);
    inner.push(...r.answers);
    aborted = r.aborted;
  }
  return { answers: [{ command: cmd, status: 200 }, ...inner], aborted: inAtomic && aborted };
}
