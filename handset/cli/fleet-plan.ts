/**
 * One fleet member as plain data — what `cimo-handset start` decided for it — and
 * starting it from that. Plain data, because a member may be started on a worker thread
 * (see `fleet-threads.ts`); its log, screen and owner prompts are built where it runs.
 */
import { startMember } from './fleet.js';
import type { FleetMember, FleetMemberOptions } from './fleet.js';

/** The fault and pacing settings of a member's links (no callbacks: see `startPlanned`). */
export interface PlannedShaping {
  readonly paceBaud?: number | undefined;
  readonly latencyMs?: number | undefined;
  readonly dropAfterBytes?: number | undefined;
  readonly corruptRate?: number | undefined;
  readonly seed: number;
}

/**
 * Everything one member is started with: the member's options without the callbacks
 * (built where it runs), with the link faults as data and whether to stay quiet.
 */
export type MemberPlan = Omit<FleetMemberOptions, 'shaping' | 'askOwner' | 'log' | 'show'> & {
  readonly shaping: PlannedShaping;
  /** No log or screen lines on stderr. */
  readonly quiet: boolean;
};

/** A started member as the table (and `--json`) shows it. */
export interface MemberRow {
  readonly index: number;
  readonly imei: string;
  readonly model: string;
  readonly persona: string;
  readonly reach: readonly string[];
  readonly dir: string;
  readonly created: boolean;
}

/** Asks the owner (the person at the terminal) a yes/no question. */
export type AskOwnerAt = (question: string) => Promise<boolean>;

/** Starts the member `plan` describes; its log and screen go to stderr tagged `[#n]`. */
export async function startPlanned(
  plan: MemberPlan,
  ask: AskOwnerAt,
): Promise<{ member: FleetMember; row: MemberRow }> {
  const tag = `#${plan.index}`;
  const log = (line: string): void => {
    if (!plan.quiet) process.stderr.write(`[${tag}] ${line}\n`);
  };
  const member = await startMember({
    ...plan,
    shaping: { ...plan.shaping, onFault: (what) => log(`fault: ${what}`) },
    askOwner: async (q) => ask(`[${tag}] ${q}`),
    log,
    show: (text) => {
      if (!plan.quiet) process.stderr.write(`[${tag} screen] ${text}\n`);
    },
  });
  const id = member.handset.identity;
  return {
    member,
    row: {
      index: member.index,
      imei: id.imei,
      model: `${id.man} ${id.mod}`,
      persona: member.handset.persona.name,
      reach: member.reach,
      dir: member.dir,
      created: member.created,
    },
  };
}
