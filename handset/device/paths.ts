import { join, resolve } from 'node:path';

/** The files and folders of a handset directory. */
export interface HandsetPaths {
  /** The directory, absolute. */
  readonly dir: string;
  /** `identity.json`: IMEI, persona, account (written once). */
  readonly identity: string;
  /** `state.json`: what changes (written atomically on every change). */
  readonly state: string;
  /** `data/`: the HandsetStore root. */
  readonly data: string;
  /** `retrieve/`: published retrievals, one folder per correlator. */
  readonly retrieve: string;
  /** `upload/`: staging of retrievals bound for an http(s) target (emptied after). */
  readonly upload: string;
}

/** The layout of the handset directory `dir`. */
export function handsetPaths(dir: string): HandsetPaths {
  const d = resolve(dir);
  return {
    dir: d,
    identity: join(d, 'identity.json'),
    state: join(d, 'state.json'),
    data: join(d, 'data'),
    retrieve: join(d, 'retrieve'),
    upload: join(d, 'upload'),
  };
}
