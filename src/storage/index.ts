/** Storage owns durable state: the StorageEngine contract and the order-preserving key encoding; engines live in sqlite/ and postgres/. */
export type * from './engine.js';
export { decodeKeyValue, encodeKeyValue, partitionHash } from './key-encoding.js';
