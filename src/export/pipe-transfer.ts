import { dynamodbOperations } from '../api/dynamodb-operations.js';
import type { BusContext } from '../bus/bus-context.js';
import type { PipeDefinition } from '../pipes/pipe-definition.js';
import { createPipe } from '../pipes/operations/pipe-operations.js';
import type { PipesContext } from '../pipes/pipes-context.js';
import { randomUuid } from '../shared/random-uuid.js';
import { ServiceError } from '../shared/service-error.js';
import type { TableContext } from '../table/table-context.js';
import { latestStreamArn } from '../table/stream-label.js';
import type { TableDefinition } from '../table/table-definition.js';
import { currentArn } from './connection-transfer.js';
import type { ExportLine } from './export-format.js';
import { carriedCheckpoints, pipeStartingPosition, type StreamRecordLoader } from './stream-record-transfer.js';

/**
 * What DescribePipe answers that CreatePipe does not take (consumerId is Eddy's own: a new pipe gets a new
 * one). No tags are left out rather than sent empty, which CreatePipe refuses.
 */
const NOT_SENT = new Set(['Name', 'Arn', 'CurrentState', 'StateReason', 'consumerId', 'Source']);
const STREAM_ARN = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//;

/**
 * Pipes, as CreatePipe requests. A stream source is named by its table, as a mapping's is: the import's
 * table has a new stream, which the pipe then reads. A pipe of the table's latest (enabled) stream carries
 * its checkpoints, as a mapping does (see mapping-transfer.ts).
 */
export async function* pipeLines(ctx: PipesContext, tables: TableContext): AsyncGenerator<string> {
  for (const { definition } of await ctx.store.list<PipeDefinition>()) {
    const table = STREAM_ARN.exec(definition.Source)?.[1];
    const create = Object.fromEntries(Object.entries(definition).filter(([member, value]) => !NOT_SENT.has(member) && value !== undefined && !(member === 'Enrichment' && value === '') && !(member === 'Tags' && Object.keys(value as object).length === 0)));
    const stream = table === undefined ? undefined : (await tables.engine.getTable<TableDefinition>(table))?.definition;
    const latest = stream?.stream?.enabled === true && latestStreamArn(tables.deployment, stream) === definition.Source;
    const checkpoints = latest ? { checkpoints: carriedCheckpoints(await ctx.store.positions.listCheckpoints(definition.consumerId)) } : {};
    yield JSON.stringify({ type: 'pipe', name: definition.Name, source: table === undefined ? { arn: definition.Source } : { table }, create, ...checkpoints });
  }
}

/** Import of a pipe: CreatePipe unless a pipe of that name exists here (kept, false); an API destination target made current. */
export async function loadPipe(ctx: PipesContext, tables: TableContext, bus: BusContext, line: Extract<ExportLine, { type: 'pipe' }>, records?: StreamRecordLoader): Promise<boolean> {
  let source = line.source.arn;
  if (line.source.table !== undefined) {
    const { Table } = (await dynamodbOperations.DescribeTable!(tables, { TableName: line.source.table })) as { Table: { LatestStreamArn?: string } };
    source = Table.LatestStreamArn;
    if (source === undefined) throw new Error(`table ${line.source.table} has no stream`);
  }
  const positions = line.checkpoints && { startingPosition: pipeStartingPosition(line.create), checkpoints: line.checkpoints };
  const resume = positions && line.source.table !== undefined ? await records?.mappingCheckpoints(line.source.table, positions) : undefined;
  try {
    const target = line.create['Target'];
    // Made stopped while its checkpoints are stored, as a mapping is made disabled (see startAt in mapping-transfer.ts).
    await createPipe(ctx, line.name, { ...line.create, Source: source, ...(typeof target === 'string' && { Target: await currentArn(bus, target) }), ...(resume && { DesiredState: 'STOPPED' }) });
    if (resume) await startPipeAt(ctx, line.name, resume, line.create['DesiredState'] !== 'STOPPED');
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ConflictException') return false;
    throw error;
  }
}

/**
 * Stores a new (stopped) pipe's checkpoint in each shard under a lease of the import's own, then sets it
 * running when it was, in storage only: the pipe supervisor, started after the import, starts it.
 */
async function startPipeAt(ctx: PipesContext, name: string, checkpoints: ReadonlyMap<string, bigint>, run: boolean): Promise<void> {
  const consumer = (await ctx.store.get<PipeDefinition>(name))!.definition.consumerId;
  const owner = `import-${randomUuid()}`;
  for (const [shardId, sequence] of checkpoints) {
    const now = ctx.clock.now();
    if (!(await ctx.store.positions.claimLease(consumer, shardId, owner, now + 60_000, now)) || !(await ctx.store.positions.checkpoint(consumer, shardId, owner, { sequence: sequence.toString() }))) {
      throw new Error(`the checkpoint of pipe ${name} in shard ${shardId} could not be stored`);
    }
    await ctx.store.positions.releaseLease(consumer, shardId, owner);
  }
  if (run) await ctx.store.write<PipeDefinition>(name, ctx.clock.now(), (current) => ({ ...current!.definition, DesiredState: 'RUNNING', CurrentState: 'RUNNING' }));
}
