/** SyncML DM message model, its XML/WBXML codecs, and the status/alert code tables. */
export type * from './model.js';
export { EMBEDDED_TYPES, ITEM_COMMAND_KINDS } from './model.js';
export {
  decodeMessage,
  detectEncoding,
  encodeMessage,
  messageToJson,
  messageToXml,
  streamMessage,
  SYNCML_DM_MIME,
} from './codec.js';
export { wbxmlEncoder, xmlEncoder } from './encoders.js';
export type { MessageEncoder } from './encoders.js';
export type { DecodeOptions, SyncMLEncoding } from './codec.js';
export { readMessage } from './read-message.js';
export type { Binding, ReadContext } from './element-reader.js';
export { MessageWriter, METINF_NS, syncmlNamespace, writeMessage } from './write-message.js';
export type { ItemBearingCommand, MessageSink, WriteOptions } from './write-message.js';
export { AlertCode, describeAlert, isUserInteractionAlert } from './alert-codes.js';
export { StatusCode, describeStatus, isSuccessStatus } from './status-codes.js';
