/**
 * Turns whatever a connection step threw into what the operator sees: which step failed
 * (port, permission, AT switch, OBEX connect, link, DM auth, DM status, timeout,
 * identify) and a hint what to try. Errors are recognised by their discriminants, not
 * `instanceof`, so copies of a module (CLI vs Electron bundles) still match.
 */

/** A connection step a handset can fail at. */
export type FailureStep =
  | 'port'
  | 'permission'
  | 'at-switch'
  | 'obex-connect'
  | 'link'
  | 'dm-auth'
  | 'dm-status'
  | 'dm-timeout'
  | 'dm-protocol'
  | 'identify'
  | 'credentials';

/** The failed state's payload. */
export interface StepFailure {
  readonly step: FailureStep;
  readonly message: string;
  readonly hint: string;
}

/** A failure the console itself raises at a step (no credentials, no MO found). */
export class HandsetStepError extends Error {
  override readonly name = 'HandsetStepError';
  readonly handsetStepError = true;
  constructor(
    readonly step: FailureStep,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const field = (e: unknown, name: string): unknown =>
  typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[name] : undefined;

const HINTS: Readonly<Record<string, string>> = {
  'port-not-found': 'the port is gone: check the cable, or unplug and plug the handset again',
  'port-busy':
    'another program holds the port (ModemManager, a terminal, another console): close it',
  'port-open-failed': 'the port cannot be opened: unplug and plug the handset again',
  'permission-denied':
    'no access to the port: join the dialout group or install the udev rules (docs/LINUX.md)',
  'connection-refused':
    'nothing listens at that address: is the handset on and its OBEX service enabled?',
  'connect-timeout': 'the handset does not answer on the network: check its address and Wi-Fi',
  'host-not-found': 'the host name does not resolve: check the address in the settings',
  'connect-failed': 'the connection failed: check the address and the network',
};

/** The step and hint for `e`. */
export function classifyFailure(e: unknown): StepFailure {
  const message = e instanceof Error ? e.message : String(e);
  if (field(e, 'handsetStepError') === true) {
    const s = e as HandsetStepError;
    return { step: s.step, message, hint: s.hint };
  }
  if (field(e, 'linkOpenError') === true) {
    const code = String(field(e, 'code'));
    return {
      step: code === 'permission-denied' ? 'permission' : 'port',
      message,
      hint: HINTS[code] ?? 'the link could not be opened: unplug and plug the handset again',
    };
  }
  if (field(e, 'atError') === true) {
    return {
      step: 'at-switch',
      message,
      hint: 'the modem port did not switch to OBEX: unlock the handset screen, choose "PC suite" mode, try again',
    };
  }
  if (field(e, 'dmTransportError') === true) {
    const layer = field(e, 'layer');
    if (layer === 'obex-connect') {
      const code = field(e, 'code');
      return {
        step: 'obex-connect',
        message,
        hint:
          code === 0xd3
            ? 'the handset is busy with another program: close it and try again'
            : 'the handset has no OMA DM service on this link: enable device management or use another port',
      };
    }
    if (layer === 'http') {
      return { step: 'link', message, hint: 'the HTTP exchange failed: check the network' };
    }
    return {
      step: 'link',
      message,
      hint: 'the link to the handset broke: check the cable or network, then reconnect',
    };
  }
  if (field(e, 'disconnected') === true || field(e, 'canceled') === true) {
    return {
      step: 'link',
      message,
      hint: 'the handset went away: check the cable or network, then reconnect',
    };
  }
  if (field(e, 'dmAuthError') === true) {
    return {
      step: 'dm-auth',
      message,
      hint: 'the handset refused our credentials: check the DM account (server id and passwords) in the settings',
    };
  }
  if (field(e, 'dmTimeoutError') === true) {
    return {
      step: 'dm-timeout',
      message,
      hint: 'the handset stopped answering: it may be showing a prompt, or the link is stalled',
    };
  }
  if (field(e, 'dmProtocolError') === true) {
    return {
      step: 'dm-protocol',
      message,
      hint: 'the handset broke the DM protocol: look at the protocol trace, then retry',
    };
  }
  if (field(e, 'dmStatusError') === true) {
    return {
      step: 'dm-status',
      message,
      hint: 'the handset refused a command: look at the status in the protocol trace (ACL, locked node?)',
    };
  }
  return { step: 'link', message, hint: 'unexpected failure: look at the protocol trace' };
}
