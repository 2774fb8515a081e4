import { dynamodbOperations } from '../api/dynamodb-operations.js';
import type { BusContext } from '../bus/bus-context.js';
import type { PipeDefinition } from '../pipes/pipe-definition.js';
import { createPipe } from '../pipes/operations/pipe-operations.js';
import type { PipesContext } from '../pipes/pipes-context.js';
import { ServiceError } from '../shared/service-error.js';
import type { TableContext } from '../table/table-context.js';
import { currentArn } from './connection-transfer.js';
import type { ExportLine } from './export-format.js';

/**
 * What DescribePipe answers that CreatePipe does not take (consumerId is Eddy's own: a new pipe gets a new
 * one). No tags are left out rather than sent empty, which CreatePipe refuses.
 */
const NOT_SENT = new Set(['Name', 'Arn', 'CurrentState', 'StateReason', 'consumerId', 'Source']);
const STREAM_ARN = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//;

/**
 * Pipes, as CreatePipe requests. A stream source is named by its table, as a mapping's is: the import's
 * table has a new stream, which the pipe then reads. Its positions in the old stream are not carried.
 */
export async function* pipeLines(ctx: PipesContext): AsyncGenerator<string> {
  for (const { definition } of await ctx.store.list<PipeDefinition>()) {
    const table = STREAM_ARN.exec(definition.Source)?.[1];
    const create = Object.fromEntries(Object.entries(definition).filter(([member, value]) => !NOT_SENT.has(member) && value !== undefined && !(member === 'Enrichment' && value === '') && !(member === 'Tags' && Object.keys(value as object).length === 0)));
    yield JSON.stringify({ type: 'pipe', name: definition.Name, source: table === undefined ? { arn: definition.Source } : { table }, create });
  }
}

/** Import of a pipe: CreatePipe unless a pipe of that name exists here (kept, false); an API destination target made current. */
export async function loadPipe(ctx: PipesContext, tables: TableContext, bus: BusContext, line: Extract<ExportLine, { type: 'pipe' }>): Promise<boolean> {
  let source = line.source.arn;
  if (line.source.table !== undefined) {
    const { Table } = (await dynamodbOperations.DescribeTable!(tables, { TableName: line.source.table })) as { Table: { LatestStreamArn?: string } };
    source = Table.LatestStreamArn;
    if (source === undefined) throw new Error(`table ${line.source.table} has no stream`);
  }
  try {
    const target = line.create['Target'];
    await createPipe(ctx, line.name, { ...line.create, Source: source, ...(typeof target === 'string' && { Target: await currentArn(bus, target) }) });
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ConflictException') return false;
    throw error;
  }
}
