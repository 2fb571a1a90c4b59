/**
 * OBEX (IrOBEX 1.2) for the SyncML DM OBEX binding and Folder Browsing: packet codec,
 * stream framer, client and server state machines over a `Link`, folder listings.
 */
export * from './codes.js';
export * from './headers.js';
export * from './packet.js';
export * from './framer.js';
export * from './errors.js';
export * from './targets.js';
export * from './client.js';
export * from './body.js';
export { DEFAULT_READ_AHEAD_BYTES } from './sink-queue.js';
export type { GetResult } from './client-body.js';
export { ObexServer } from './server.js';
export type { ObexServerOptions } from './server.js';
export * from './service.js';
export * from './folder-listing.js';
export * from './folder-client.js';
export * from './file-store.js';
export { FolderBrowsingService } from './folder-service.js';
export { MemoryFileStore } from './memory-file-store.js';
