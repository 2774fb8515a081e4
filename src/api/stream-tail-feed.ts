import { ServiceError } from '../shared/service-error.js';
import type { StorageEngine } from '../storage/engine.js';
import type { ShardWatcher } from '../streams/shard-watcher.js';
import { followTableStream } from '../streams/stream-follower.js';
import type { StreamMeta } from '../streams/stream-meta.js';
import { recordForReader } from '../streams/stream-record.js';
import type { AdminFeed } from './http-server.js';

/** The path of the feed `eddy tail` reads: `GET /_eddy/streams/{TableName}/tail?from=latest|trim-horizon`. */
export const STREAM_TAIL_PATH = /^\/_eddy\/streams\/([^/]+)\/tail$/;

/**
 * A table's stream records as Server-Sent Events: `ready` (data: the stream label) once following,
 * then one `record` event per record (data: the record as GetRecords returns it). 404 when the table
 * does not exist, or has never had a stream.
 */
export function streamTailFeed(engine: StorageEngine, watcher: ShardWatcher, region: string): AdminFeed {
  const regionJson = JSON.stringify(region);
  return async ({ params, query, send, signal }) => {
    const tableName = params[0]!;
    const from = query.get('from') ?? 'latest';
    if (from !== 'latest' && from !== 'trim-horizon') {
      throw new ServiceError('ValidationException', `from must be latest or trim-horizon, got '${from}'`);
    }
    const followed = await followTableStream(engine, watcher, {
      tableName,
      from,
      signal,
      onStream: (label) => send('ready', label),
      onRecord: (json, sequence, shardId, stream) =>
        send('record', recordForReader(json, sequence, shardId, regionJson, (stream.meta as StreamMeta).viewType)),
    });
    if (followed) return;
    const exists = (await engine.getTable(tableName)) !== undefined;
    throw new ServiceError('ResourceNotFoundException', exists ? `Table ${tableName} has no stream` : `Table ${tableName} does not exist`, 404);
  };
}
