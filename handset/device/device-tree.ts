/**
 * The handset's DM tree: `./DevInfo`, `./DevDetail`, `./DMAcc/<account>` and the persona's
 * lock-and-wipe MO (built from its DDF by the binding).
 */
import { toBase64 } from '../../protocol/bytes/base64.js';
import { DEFAULT_URI_LIMITS, DmTree } from '../../protocol/tree/index.js';
import type { DmNodeInit } from '../../protocol/tree/index.js';
import { CimoBinding } from './cimo-binding.js';
import type { HandsetIdentity } from './identity.js';
import { LawmoBinding } from './lawmo-binding.js';
import type { MoBinding } from './mo-binding.js';
import type { Persona } from './persona.js';

/** The binding for a persona's MO. */
export function bindingFor(persona: Persona): MoBinding {
  return persona.mo === 'lawmo' ? new LawmoBinding(persona.moUri) : new CimoBinding(persona.moUri);
}

/** DMAcc account node name for the console. */
export const DMACC_ACCOUNT = 'CIMOConsole';

/** DM AAuthType words for our auth types (PROTOCOL-FACTS §3.1). */
const AAUTH_TYPE = { basic: 'BASIC', md5: 'DIGEST', hmac: 'HMAC', none: 'NONE' } as const;

/**
 * A tree with DevInfo, DevDetail and DMAcc filled from `id` and `persona`. The root ACL is
 * `Get=*` (nobody adds nodes of their own); the account's secrets are Replace-only for
 * the console, never readable.
 */
export function baseTree(
  id: HandsetIdentity,
  persona: Persona,
  nonces: { client: Uint8Array; server: Uint8Array },
): DmTree {
  const tree = new DmTree({ rootAcl: 'Get=*', limits: DEFAULT_URI_LIMITS });
  const leaf = (uri: string, value: string, init: DmNodeInit = {}): void =>
    tree.add(uri, { value, permanent: true, ...init });
  const node = (uri: string, init: DmNodeInit = {}): void =>
    tree.add(uri, { format: 'node', permanent: true, ...init });

  node('./DevInfo');
  leaf('./DevInfo/DevId', id.devId);
  leaf('./DevInfo/Man', id.man);
  leaf('./DevInfo/Mod', id.mod);
  leaf('./DevInfo/DmV', '1.2');
  leaf('./DevInfo/Lang', id.lang);

  node('./DevDetail');
  leaf('./DevDetail/DevTyp', id.devTyp);
  leaf('./DevDetail/OEM', id.oem);
  leaf('./DevDetail/FwV', id.fwV);
  leaf('./DevDetail/SwV', id.swV);
  leaf('./DevDetail/HwV', id.hwV);
  leaf('./DevDetail/LrgObj', String(persona.lrgObj), { format: 'bool' });
  node('./DevDetail/URI');
  leaf('./DevDetail/URI/MaxDepth', String(tree.limits.maxDepth), { format: 'int' });
  leaf('./DevDetail/URI/MaxTotLen', String(tree.limits.maxTotLen), { format: 'int' });
  leaf('./DevDetail/URI/MaxSegLen', String(tree.limits.maxSegLen), { format: 'int' });

  const s = id.server;
  const acc = `./DMAcc/${DMACC_ACCOUNT}`;
  const mine = `Get=${s.serverId}&Replace=${s.serverId}`;
  node('./DMAcc');
  node(acc, { acl: mine });
  leaf(`${acc}/AppID`, 'w7');
  leaf(`${acc}/ServerID`, s.serverId);
  leaf(`${acc}/Name`, 'CIMO Console');
  node(`${acc}/AppAddr`);
  node(`${acc}/AppAddr/1`);
  leaf(`${acc}/AppAddr/1/Addr`, s.addrUri);
  leaf(`${acc}/AppAddr/1/AddrType`, 'URI');
  leaf(`${acc}/AAuthPref`, AAUTH_TYPE[s.authType]);
  node(`${acc}/AppAuth`);
  const auth = (name: string, level: string, user: string, secret: string, nonce: Uint8Array) => {
    const a = `${acc}/AppAuth/${name}`;
    node(a);
    leaf(`${a}/AAuthLevel`, level);
    leaf(`${a}/AAuthType`, AAUTH_TYPE[s.authType]);
    leaf(`${a}/AAuthName`, user);
    leaf(`${a}/AAuthSecret`, secret, { acl: `Replace=${s.serverId}` });
    leaf(`${a}/AAuthData`, toBase64(nonce), { acl: `Replace=${s.serverId}` });
  };
  auth('CLCRED', 'CLCRED', s.clientUsername, s.clientPassword, nonces.client);
  auth('SRVCRED', 'SRVCRED', s.serverId, s.serverPassword, nonces.server);
  return tree;
}
