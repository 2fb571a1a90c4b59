import type { ObexClient, ObexConnection, TransferOptions } from './client.js';
import { parseFolderListing, FOLDER_LISTING_TYPE } from './folder-listing.js';
import type { FolderListing } from './folder-listing.js';
import { FOLDER_BROWSING_TARGET } from './targets.js';

/**
 * Client-side Folder Browsing: thin helpers over an `ObexClient` so that callers speak in
 * files and folders. All reject as the client does (ObexError with the peer's code,
 * ObexTimeoutError, LinkDisconnectedError) and `listFolder` also with DecodeError.
 */

/** Connects to the Folder Browsing service (Target = its UUID). */
export function connectFolderBrowsing(client: ObexClient): Promise<ObexConnection> {
  return client.connect({ target: FOLDER_BROWSING_TARGET });
}

/** Lists the current folder, or its child `name`. */
export async function listFolder(client: ObexClient, name?: string): Promise<FolderListing> {
  return parseFolderListing(await client.get(name, FOLDER_LISTING_TYPE));
}

/** Reads file `name` from the current folder. */
export function getFile(
  client: ObexClient,
  name: string,
  options?: TransferOptions,
): Promise<Uint8Array> {
  return client.get(name, undefined, options);
}

/** Writes file `name` into the current folder (replacing it). */
export async function putFile(
  client: ObexClient,
  name: string,
  body: Uint8Array,
  options?: TransferOptions,
): Promise<void> {
  await client.put(name, undefined, body, options);
}

/** Deletes file (or empty folder) `name` in the current folder. */
export function deleteFile(client: ObexClient, name: string): Promise<void> {
  return client.delete(name);
}

/** Changes folder: a child name, `'..'` for the parent, `''` for the root. */
export function setPath(
  client: ObexClient,
  name: string,
  options: { create?: boolean } = {},
): Promise<void> {
  return client.setPath(name, options);
}
