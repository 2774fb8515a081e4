import { dynamodbOperations } from '../api/dynamodb-operations.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import { createEventSourceMapping, listEventSourceMappings } from '../lambda/operations/event-source-mappings.js';
import { randomUuid } from '../shared/random-uuid.js';
import { ServiceError } from '../shared/service-error.js';
import { latestStreamArn } from '../table/stream-label.js';
import type { TableContext } from '../table/table-context.js';
import type { TableDefinition } from '../table/table-definition.js';
import type { MappingsContext } from '../triggers/mappings-context.js';
import type { ExportLine } from './export-format.js';
import { carriedCheckpoints, type StreamRecordLoader } from './stream-record-transfer.js';

/** What GetEventSourceMapping answers that CreateEventSourceMapping does not take. */
const READ_ONLY = new Set(['UUID', 'FunctionArn', 'EventSourceArn', 'EventSourceMappingArn', 'State', 'StateTransitionReason', 'LastModified', 'LastProcessingResult']);
const STREAM_ARN = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//;

/**
 * Event source mappings, as CreateEventSourceMapping requests. A stream source is named by its table: an
 * import makes a new stream, whose ARN the mapping then takes. A mapping of the table's latest (enabled)
 * stream carries its checkpoints too, positions in the old stream's shards: the records it had not handled
 * are in the file (streamRecordLines), and the import starts it on the new stream where they begin.
 */
export async function* mappingLines(ctx: LambdaContext): AsyncGenerator<string> {
  let Marker: string | undefined;
  do {
    const page = await listEventSourceMappings(ctx.mappings, Marker === undefined ? {} : { marker: Marker });
    for (const mapping of page['EventSourceMappings'] as Record<string, unknown>[]) {
      const arn = mapping['EventSourceArn'] as string;
      const table = STREAM_ARN.exec(arn)?.[1];
      const create = Object.fromEntries(Object.entries(mapping).filter(([member]) => !READ_ONLY.has(member)));
      const state = mapping['State'];
      const enabled = state !== 'Disabled' && state !== 'Disabling';
      const checkpoints = table !== undefined && (await readsLatestStream(ctx.mappings, table, arn)) ? { checkpoints: carriedCheckpoints(await ctx.mappings.engine.triggers.listCheckpoints(mapping['UUID'] as string)) } : {};
      yield JSON.stringify({ type: 'mapping', function: mapping['FunctionArn'], source: table === undefined ? { arn } : { table }, create: { ...create, Enabled: enabled }, ...checkpoints });
    }
    Marker = page['NextMarker'] as string | undefined;
  } while (Marker !== undefined);
}

/**
 * Import of a mapping: created unless its function and source already have one (kept). One whose function
 * does not exist at import time is skipped (false): a configuration's function, whose mapping the
 * configuration makes when it is applied, or a version or alias, which an import does not carry.
 */
export async function loadMapping(ctx: LambdaContext, tables: TableContext, line: Extract<ExportLine, { type: 'mapping' }>, records?: StreamRecordLoader): Promise<'created' | 'kept' | 'skipped'> {
  let source = line.source.arn;
  if (line.source.table !== undefined) {
    const { Table } = (await dynamodbOperations.DescribeTable!(tables, { TableName: line.source.table })) as { Table: { LatestStreamArn?: string } };
    source = Table.LatestStreamArn;
    if (source === undefined) throw new Error(`table ${line.source.table} has no stream`);
  }
  const positions = line.checkpoints && { startingPosition: String(line.create['StartingPosition'] ?? 'LATEST'), checkpoints: line.checkpoints };
  const resume = positions && line.source.table !== undefined ? await records?.mappingCheckpoints(line.source.table, positions) : undefined;
  try {
    // Made disabled while its checkpoints are stored: it must not start reading the new stream before.
    const created = await createEventSourceMapping(ctx.mappings, { ...line.create, ...(resume && { Enabled: false }), FunctionName: line.function, EventSourceArn: source });
    if (resume) await startAt(ctx.mappings, created['UUID'] as string, resume, line.create['Enabled'] !== false);
    return 'created';
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceConflictException') return 'kept';
    if (error instanceof ServiceError && error.code === 'ResourceNotFoundException' && error.message.startsWith('Function not found')) return 'skipped';
    throw error;
  }
}

/** Whether `arn` is the latest stream of `table`, enabled: the stream whose records an export carries. */
async function readsLatestStream(ctx: MappingsContext, table: string, arn: string): Promise<boolean> {
  const definition = (await ctx.engine.getTable<TableDefinition>(table))?.definition;
  return definition?.stream?.enabled === true && latestStreamArn(ctx.deployment, definition) === arn;
}

/**
 * Stores a new (disabled) mapping's checkpoint in each shard, under a lease of the import's own (the
 * trigger store takes checkpoints only from a lease holder), then enables it when it was enabled — in
 * storage only: the trigger supervisor, started after the import, starts it. Told now (as
 * UpdateEventSourceMapping tells it), it would start a consumer that its start then restarts, cutting
 * the first batch short, which is then delivered twice.
 */
async function startAt(ctx: MappingsContext, uuid: string, checkpoints: ReadonlyMap<string, bigint>, enable: boolean): Promise<void> {
  const owner = `import-${randomUuid()}`;
  const triggers = ctx.engine.triggers;
  for (const [shardId, sequence] of checkpoints) {
    const now = ctx.clock.now();
    if (!(await triggers.claimLease(uuid, shardId, owner, now + 60_000, now)) || !(await triggers.checkpoint(uuid, shardId, owner, { sequence: sequence.toString() }))) {
      throw new Error(`the checkpoint of mapping ${uuid} in shard ${shardId} could not be stored`);
    }
    await triggers.releaseLease(uuid, shardId, owner);
  }
  if (enable) await triggers.updateMapping<{ enabled: boolean; state: string }>(uuid, ctx.clock.now(), (current) => ({ functionName: current.functionName, config: { ...current.config, enabled: true, state: 'Enabled' } }));
}
