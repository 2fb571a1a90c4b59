/**
 * Identifying a handset in a DM session: DevInfo (from its package 1, Get for what is
 * missing), DevDetail, where its CIMO or LAWMO lives (`findMo`), and the MO's subtree.
 */
import { MoId, findMo } from '../../../protocol/cimo/index.js';
import type { ServerSession } from '../../../protocol/session/index.js';
import { HandsetStepError } from './failure.js';
import { cimoView, lawmoView } from './mo-view.js';
import type { MoView } from './mo-view.js';
import { fetchTree, getText, sessionReader } from './tree-read.js';
import type { FetchedTree } from './tree-read.js';

/** What identification learnt. */
export interface HandsetIdentity {
  readonly devId: string;
  /** The IMEI when DevId is `IMEI:<15 digits>` (else undefined). */
  readonly imei?: string;
  readonly devInfo: Readonly<Record<string, string>>;
  readonly devDetail: Readonly<Record<string, string>>;
}

const DEV_INFO = ['DevId', 'Man', 'Mod', 'DmV', 'Lang'] as const;
const DEV_DETAIL = ['DevTyp', 'OEM', 'FwV', 'SwV', 'HwV', 'LrgObj'] as const;

/** DevInfo and DevDetail of the handset on `s`. */
export async function readIdentity(s: ServerSession): Promise<HandsetIdentity> {
  // Every Get goes out in one package (a package per leaf was a round trip each).
  const [info, detail] = await Promise.all([
    Promise.all(
      DEV_INFO.map((leaf) => {
        const uri = `./DevInfo/${leaf}`;
        const known = s.devInfo.get(uri);
        return known !== undefined ? known : getText(s, uri);
      }),
    ),
    Promise.all(DEV_DETAIL.map((leaf) => getText(s, `./DevDetail/${leaf}`))),
  ]);
  const devInfo: Record<string, string> = {};
  DEV_INFO.forEach((leaf, i) => {
    const v = info[i];
    if (v !== undefined) devInfo[leaf] = v;
  });
  const devDetail: Record<string, string> = {};
  DEV_DETAIL.forEach((leaf, i) => {
    const v = detail[i];
    if (v !== undefined) devDetail[leaf] = v;
  });
  const devId = devInfo['DevId'];
  if (devId === undefined || devId === '') {
    throw new HandsetStepError(
      'identify',
      'the handset did not say its DevId',
      'the handset does not answer DevInfo: check its DM client',
    );
  }
  const imei = /^IMEI:(\d{15})$/.exec(devId)?.[1];
  return { devId, ...(imei === undefined ? {} : { imei }), devInfo, devDetail };
}

/** Where the handset's lock-and-wipe MO lives: CIMO preferred, else LAWMO. */
export async function locateMo(
  s: ServerSession,
): Promise<{ readonly mo: 'cimo' | 'lawmo'; readonly root: string }> {
  const reader = sessionReader(s);
  const cimo = await findMo(reader, MoId.CIMO, { maxNodes: 200 });
  if (cimo !== undefined) return { mo: 'cimo', root: cimo };
  const lawmo = await findMo(reader, MoId.LAWMO, { maxNodes: 200 });
  if (lawmo !== undefined) return { mo: 'lawmo', root: lawmo };
  throw new HandsetStepError(
    'identify',
    'the handset has neither a CIMO nor a LAWMO management object',
    'this handset cannot be managed by the console (no lock-and-wipe MO in its tree)',
  );
}

/** The MO's current view and the subtree it was built from (one TNDS or StructData Get). */
export async function readMo(
  s: ServerSession,
  where: { readonly mo: 'cimo' | 'lawmo'; readonly root: string },
): Promise<{ readonly view: MoView; readonly tree: FetchedTree }> {
  const tree = await fetchTree(s, where.root);
  const view =
    where.mo === 'cimo'
      ? cimoView(where.root, tree.nodes, tree.via)
      : lawmoView(where.root, tree.nodes, tree.via);
  return { view, tree };
}
