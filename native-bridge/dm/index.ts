/**
 * DM transports: OBEX (console `ObexDmTransport`, handset `ObexDmService`), HTTP
 * (console `startHttpDmEndpoint`, handset `HttpDmClient`) and package #0 over UDP.
 */
export { DmTransportError, isDmTransportError } from './errors.js';
export type { DmTransportLayer } from './errors.js';
export { DM_NOTIFICATION_TYPE, checkDmType, dmTypeOf, mediaType } from './content-type.js';
export { ObexDmTransport } from './obex-dm-transport.js';
export type { ObexDmTransportOptions } from './obex-dm-transport.js';
export { ObexDmService } from './obex-dm-service.js';
export type { ObexDmServiceOptions } from './obex-dm-service.js';
export { startHttpDmEndpoint } from './http-dm-endpoint.js';
export type { HttpDmEndpoint, HttpDmEndpointOptions, NewHttpSession } from './http-dm-endpoint.js';
export { HttpDmClient } from './http-dm-client.js';
export type { HttpDmClientOptions } from './http-dm-client.js';
export { PKG0_UDP_PORT, listenPkg0Udp, sendPkg0Udp } from './pkg0-udp.js';
export type { Pkg0Listener, Pkg0ListenerOptions, Pkg0Notification } from './pkg0-udp.js';
