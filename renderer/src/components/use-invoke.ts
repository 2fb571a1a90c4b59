/**
 * Calls the API and reports a refusal as a notice in words. Returns the value, or
 * undefined when the request failed (the notice already says why and what to do).
 */
import type { Channel, RequestArgs, ResultMap } from '../../../main/ipc/contract.js';
import { api } from '../api/client.js';
import { ipcErrorAdvice } from '../lib/advice.js';
import { useAppStore } from '../store/store.js';

export async function call<C extends Channel>(
  channel: C,
  args: RequestArgs<C>,
): Promise<ResultMap[C] | undefined> {
  const r = await api.invoke(channel, args);
  if (r.ok) return r.value;
  useAppStore.getState().notify('error', ipcErrorAdvice(r.error));
  return undefined;
}
