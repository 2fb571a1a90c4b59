/**
 * OMA DM ACL strings ("Get=*&Replace=server1+server2") parsed and explained in words.
 */

/** DM commands an ACL can grant. */
export type AclCommand = 'Add' | 'Delete' | 'Exec' | 'Get' | 'Replace';

/** Parsed ACL: command → server ids allowed ('*' = every server). */
export type Acl = ReadonlyMap<string, readonly string[]>;

/** Parses an ACL property value; malformed entries are skipped. */
export function parseAcl(acl: string | undefined): Acl {
  const out = new Map<string, string[]>();
  if (acl === undefined) return out;
  for (const part of acl.split('&')) {
    const [cmd, who] = part.split('=');
    if (cmd === undefined || cmd === '' || who === undefined) continue;
    out.set(
      cmd.trim(),
      who
        .split('+')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
  }
  return out;
}

/**
 * Whether `serverId` may run `cmd` by this ACL; without a server id, whether any server
 * may. An absent ACL means the node inherits its parent's; the browser does not know it,
 * so it answers true and lets the handset decide (it answers 425 when not allowed).
 */
export function aclAllows(acl: string | undefined, cmd: AclCommand, serverId?: string): boolean {
  if (acl === undefined || acl === '') return true;
  const who = parseAcl(acl).get(cmd);
  if (who === undefined || who.length === 0) return false;
  if (serverId === undefined) return true;
  return who.includes('*') || who.includes(serverId);
}

const VERBS: Readonly<Record<string, string>> = {
  Add: 'add child nodes',
  Delete: 'delete it',
  Exec: 'execute it',
  Get: 'read it',
  Replace: 'change its value',
};

/** One sentence per command: "Any server may read it.", "Only server1 may execute it." */
export function explainAcl(acl: string | undefined): string[] {
  if (acl === undefined || acl === '') {
    return ['No ACL of its own: the parent node’s access rights apply.'];
  }
  const lines: string[] = [];
  for (const [cmd, who] of parseAcl(acl)) {
    const verb = VERBS[cmd] ?? `use ${cmd}`;
    if (who.includes('*')) lines.push(`Any server may ${verb}.`);
    else if (who.length === 1) lines.push(`Only ${who[0] ?? ''} may ${verb}.`);
    else lines.push(`${who.join(', ')} may ${verb}.`);
  }
  const denied = Object.keys(VERBS).filter((c) => !parseAcl(acl).has(c));
  if (denied.length > 0) {
    lines.push(`Nobody may ${denied.map((c) => VERBS[c] ?? c).join(', ')}.`);
  }
  return lines;
}
