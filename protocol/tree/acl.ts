/**
 * DM ACL values (OMA DM TND 1.2 §7.7.1, PROTOCOL-FACTS §6.1):
 *
 * ```
 * acl   := entry ('&' entry)*
 * entry := cmd '=' sid ('+' sid)*
 * cmd   := Add | Delete | Exec | Get | Replace
 * sid   := '*' | 1*(printable character other than '=', '&', '*', '+' and whitespace)
 * ```
 *
 * The empty string is the empty ACL: the node inherits from its nearest ancestor that has
 * a non-empty ACL. There is no `Copy` entry.
 */
export const ACL_COMMANDS = ['Add', 'Delete', 'Exec', 'Get', 'Replace'] as const;

/** A command an ACL entry can name. */
export type AclCommand = (typeof ACL_COMMANDS)[number];

/** A parsed ACL: for each command present, the server ids allowed (`*` = any server). */
export type Acl = Readonly<Partial<Record<AclCommand, readonly string[]>>>;

/** Why an ACL string was refused. */
export type AclErrorReason =
  'empty-entry' | 'missing-equals' | 'unknown-command' | 'empty-server-id' | 'bad-server-id';

/** A malformed ACL value. `offset` is the character index where the problem starts. */
export class AclError extends Error {
  override readonly name = 'AclError';

  constructor(
    readonly reason: AclErrorReason,
    readonly offset: number,
    detail: string,
  ) {
    super(`ACL: ${detail} (at ${offset})`);
  }
}

const COMMAND_SET: ReadonlySet<string> = new Set(ACL_COMMANDS);
// Printable, non-whitespace, not one of the four grammar characters.
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const BAD_SID_CHAR = /[=&*+\s\u0000-\u001f\u007f]/u;

/** True when `s` is one of {@link ACL_COMMANDS}. */
export function isAclCommand(s: string): s is AclCommand {
  return COMMAND_SET.has(s);
}

/**
 * Parses an ACL value. `''` gives `{}` (the empty, inheriting ACL). A command named twice
 * has its server ids merged; repeated ids are kept once, in first-seen order.
 * Throws {@link AclError} for anything the grammar does not allow.
 */
export function parseAcl(value: string): Acl {
  const out: Partial<Record<AclCommand, string[]>> = {};
  if (value === '') return out;
  let offset = 0;
  for (const entry of value.split('&')) {
    if (entry === '') throw new AclError('empty-entry', offset, 'empty entry');
    const eq = entry.indexOf('=');
    if (eq < 0) throw new AclError('missing-equals', offset, `entry "${entry}" has no "="`);
    const cmd = entry.slice(0, eq);
    if (!isAclCommand(cmd)) {
      throw new AclError('unknown-command', offset, `unknown command "${cmd}"`);
    }
    const list = (out[cmd] ??= []);
    let sidOffset = offset + eq + 1;
    for (const sid of entry.slice(eq + 1).split('+')) {
      if (sid === '') throw new AclError('empty-server-id', sidOffset, 'empty server id');
      if (sid !== '*' && BAD_SID_CHAR.test(sid)) {
        throw new AclError('bad-server-id', sidOffset, `invalid server id "${sid}"`);
      }
      if (!list.includes(sid)) list.push(sid);
      sidOffset += sid.length + 1;
    }
    offset += entry.length + 1;
  }
  return out;
}

/** True when `value` parses as an ACL. */
export function isValidAcl(value: string): boolean {
  try {
    parseAcl(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats an ACL in canonical order (Add, Delete, Exec, Get, Replace); commands with no
 * server ids are left out. `parseAcl(formatAcl(a))` equals `a` for any parsed ACL.
 */
export function formatAcl(acl: Acl): string {
  const parts: string[] = [];
  for (const cmd of ACL_COMMANDS) {
    const sids = acl[cmd];
    if (sids !== undefined && sids.length > 0) parts.push(`${cmd}=${sids.join('+')}`);
  }
  return parts.join('&');
}

/** True when `acl` grants `cmd` to `serverId` (listed by id, or `*`). */
export function aclAllows(acl: Acl, cmd: AclCommand, serverId: string): boolean {
  const sids = acl[cmd];
  return sids !== undefined && (sids.includes('*') || sids.includes(serverId));
}

/** True when `acl` has no entries (the node inherits). */
export function isEmptyAcl(acl: Acl): boolean {
  return ACL_COMMANDS.every((c) => (acl[c]?.length ?? 0) === 0);
}

const VERBS: Readonly<Record<AclCommand, string>> = {
  Add: 'add child nodes',
  Delete: 'delete',
  Exec: 'execute',
  Get: 'read',
  Replace: 'change',
};

/**
 * Says in plain English who may do what under `acl` (a string or a parsed ACL), one
 * sentence per group of commands that share the same servers, e.g.
 * `Any server may add child nodes and read. Only server "a" may delete. Nobody may
 * execute or change.` The empty ACL is explained as inheriting. A malformed string gives
 * a sentence saying so rather than throwing (this text is for people).
 */
export function explainAcl(acl: string | Acl): string {
  let parsed: Acl;
  try {
    parsed = typeof acl === 'string' ? parseAcl(acl) : acl;
  } catch (e) {
    return `Invalid ACL: ${e instanceof Error ? e.message : String(e)}.`;
  }
  if (isEmptyAcl(parsed)) {
    return 'No ACL of its own: the rights of the nearest ancestor with an ACL apply.';
  }
  const groups = new Map<string, AclCommand[]>();
  const nobody: AclCommand[] = [];
  for (const cmd of ACL_COMMANDS) {
    const sids = parsed[cmd] ?? [];
    if (sids.length === 0) {
      nobody.push(cmd);
      continue;
    }
    const key = sids.includes('*') ? '*' : JSON.stringify([...sids].sort());
    const g = groups.get(key);
    if (g === undefined) groups.set(key, [cmd]);
    else g.push(cmd);
  }
  const sentences: string[] = [];
  for (const [key, cmds] of groups) {
    const verbs = joinWords(
      cmds.map((c) => VERBS[c]),
      'and',
    );
    if (key === '*') sentences.push(`Any server may ${verbs}.`);
    else {
      const ids = (JSON.parse(key) as string[]).map((s) => `"${s}"`);
      const who =
        ids.length === 1 ? `Only server ${ids[0] ?? ''}` : `Only servers ${joinWords(ids, 'and')}`;
      sentences.push(`${who} may ${verbs}.`);
    }
  }
  if (nobody.length > 0)
    sentences.push(
      `Nobody may ${joinWords(
        nobody.map((c) => VERBS[c]),
        'or',
      )}.`,
    );
  return sentences.join(' ');
}

function joinWords(words: readonly string[], conj: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conj} ${words[words.length - 1] ?? ''}`;
}
