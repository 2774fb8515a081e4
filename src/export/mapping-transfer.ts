import { dynamodbOperations } from '../api/dynamodb-operations.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import { createEventSourceMapping, listEventSourceMappings } from '../lambda/operations/event-source-mappings.js';
import { ServiceError } from '../shared/service-error.js';
import type { TableContext } from '../table/table-context.js';
import type { ExportLine } from './export-format.js';

/** What GetEventSourceMapping answers that CreateEventSourceMapping does not take. */
const READ_ONLY = new Set(['UUID', 'FunctionArn', 'EventSourceArn', 'EventSourceMappingArn', 'State', 'StateTransitionReason', 'LastModified', 'LastProcessingResult']);
const STREAM_ARN = /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\//;

/**
 * Event source mappings, as CreateEventSourceMapping requests. A stream source is named by its table: an
 * import makes a new stream, whose ARN the mapping then takes. Checkpoints are not carried: they are
 * positions in the old stream's shards, which the new stream does not have (its items came without records).
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
      yield JSON.stringify({ type: 'mapping', function: mapping['FunctionArn'], source: table === undefined ? { arn } : { table }, create: { ...create, Enabled: enabled } });
    }
    Marker = page['NextMarker'] as string | undefined;
  } while (Marker !== undefined);
}

/**
 * Import of a mapping: created unless its function and source already have one (kept). One whose function
 * does not exist at import time is skipped (false): a configuration's function, whose mapping the
 * configuration makes when it is applied, or a version or alias, which an import does not carry.
 */
export async function loadMapping(ctx: LambdaContext, tables: TableContext, line: Extract<ExportLine, { type: 'mapping' }>): Promise<'created' | 'kept' | 'skipped'> {
  let source = line.source.arn;
  if (line.source.table !== undefined) {
    const { Table } = (await dynamodbOperations.DescribeTable!(tables, { TableName: line.source.table })) as { Table: { LatestStreamArn?: string } };
    source = Table.LatestStreamArn;
    if (source === undefined) throw new Error(`table ${line.source.table} has no stream`);
  }
  try {
    await createEventSourceMapping(ctx.mappings, { ...line.create, FunctionName: line.function, EventSourceArn: source });
    return 'created';
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceConflictException') return 'kept';
    if (error instanceof ServiceError && error.code === 'ResourceNotFoundException' && error.message.startsWith('Function not found')) return 'skipped';
    throw error;
  }
}
