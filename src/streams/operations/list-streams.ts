import type { StreamRow } from '../../storage/engine.js';
import { streamErrors } from '../errors.js';
import { parseStreamArn, streamArnOf, streamNameOf, type StreamName } from '../stream-arn.js';
import type { StreamMeta } from '../stream-meta.js';
import type { StreamsContext } from '../streams-context.js';
import { validateListStreams } from '../validation/list-streams.js';
import { MAX_PAGE } from '../validation/stream-shapes.js';

/**
 * ListStreams: every retained stream (enabled, disabled, or of a deleted table), by table name then
 * creation, optionally of one table. A page ends with LastEvaluatedStreamArn when more follow.
 */
export async function listStreams(ctx: StreamsContext, body: unknown): Promise<unknown> {
  const input = validateListStreams(body);
  const limit = input.Limit ?? MAX_PAGE;
  if (input.ExclusiveStartStreamArn !== undefined && streamNameOf(input.ExclusiveStartStreamArn) === undefined) {
    throw streamErrors.invalidStreamArn(input.ExclusiveStartStreamArn);
  }
  let streams = await ctx.engine.listStreams<StreamMeta>();
  if (input.TableName !== undefined) {
    const tableName = input.TableName;
    streams = streams.filter((stream) => stream.tableName === tableName);
    // A table with no stream lists none; a name no table has is not found. The streams a deleted
    // table leaves are listed under its name until they are trimmed (a stream outlives its table).
    if (streams.length === 0 && (await ctx.engine.getTable(tableName)) === undefined) throw streamErrors.tableNotFound(tableName);
  }
  let start = 0;
  if (input.ExclusiveStartStreamArn !== undefined) {
    const from = parseStreamArn(input.ExclusiveStartStreamArn, ctx.deployment);
    if (!from) throw streamErrors.streamNotFound(input.ExclusiveStartStreamArn);
    // By position, not identity: the start stream may have been trimmed since the last page.
    start = streams.findIndex((stream) => compareStreams(stream, from) > 0);
    if (start === -1) start = streams.length;
  }
  const page = streams.slice(start, start + limit);
  const output: { Streams: object[]; LastEvaluatedStreamArn?: string } = {
    Streams: page.map((stream) => ({
      StreamArn: streamArnOf(ctx.deployment, stream),
      TableName: stream.tableName,
      StreamLabel: stream.label,
    })),
  };
  if (start + limit < streams.length) output.LastEvaluatedStreamArn = streamArnOf(ctx.deployment, page[page.length - 1]!);
  return output;
}

/** The engine's order: table name, then creation (labels are creation times, increasing per table). */
function compareStreams(stream: StreamRow, name: StreamName): number {
  if (stream.tableName !== name.tableName) return stream.tableName < name.tableName ? -1 : 1;
  return stream.label === name.label ? 0 : stream.label < name.label ? -1 : 1;
}
