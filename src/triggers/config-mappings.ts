import type { NormalizedConfig, NormalizedStreamEvent } from '../config/normalized-config.js';
import { ConfigError } from '../config/config-error.js';
import { queueArn } from '../queues/queue-url.js';
import { topicArn } from '../topics/topic-arns.js';
import type { Logger } from '../shared/logger.js';
import { describeTable } from '../table/operations/describe-table.js';
import type { TableContext } from '../table/table-context.js';
import { randomUUID } from 'node:crypto';
import { settingsFrom, type MappingSettings } from './mapping-settings.js';
import type { MappingsContext } from './mappings-context.js';

/**
 * The `stream` events of eddy.config.ts as event source mappings: one mapping per (function, table
 * stream), created when missing and updated when its settings differ, exactly as
 * CreateEventSourceMapping / UpdateEventSourceMapping would (same checks). A table without a stream is
 * a configuration error. Returns the number of mappings created or updated.
 */
export async function applyStreamEvents(config: NormalizedConfig, ctx: MappingsContext, tables: TableContext, log: Logger): Promise<number> {
  const problems: string[] = [];
  let changed = 0;
  for (const [functionName, fn] of Object.entries(config.functions)) {
    for (const [index, event] of fn.events.entries()) {
      if (!('stream' in event)) continue;
      const where = `${config.file}: functions.${functionName}.events[${index}].stream`;
      let sourceArn: string | undefined;
      try {
        const described = (await describeTable(tables, { TableName: event.stream.table })) as { Table: { LatestStreamArn?: string; StreamSpecification?: { StreamEnabled?: boolean } } };
        if (described.Table.StreamSpecification?.StreamEnabled) sourceArn = described.Table.LatestStreamArn;
      } catch {
        // reported below
      }
      if (sourceArn === undefined) {
        problems.push(`${where}.table: table ${event.stream.table} has no stream enabled (set its stream view type)`);
        continue;
      }
      try {
        if (await applyOne(ctx, functionName, sourceArn, event.stream)) {
          changed++;
          log.info(`event source mapping: ${event.stream.table} stream → ${functionName}`);
        }
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return changed;
}

/** A config `stream` event as the members of a CreateEventSourceMapping / UpdateEventSourceMapping request (StartingPosition aside). */
export function streamEventInput(event: NormalizedStreamEvent, deployment: MappingsContext['deployment']): Record<string, unknown> {
  return {
    BatchSize: event.batchSize,
    MaximumBatchingWindowInSeconds: event.maximumBatchingWindow,
    ParallelizationFactor: event.parallelizationFactor,
    MaximumRetryAttempts: event.maximumRetryAttempts,
    MaximumRecordAgeInSeconds: event.maximumRecordAge,
    BisectBatchOnFunctionError: event.bisectBatchOnFunctionError,
    FunctionResponseTypes: event.functionResponseTypes,
    TumblingWindowInSeconds: event.tumblingWindow,
    FilterCriteria: { Filters: event.filterPatterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
    DestinationConfig: { OnFailure: event.onFailure ? { Destination: 'topic' in event.onFailure ? topicArn(deployment, event.onFailure.topic) : queueArn(deployment, event.onFailure.queue) } : {} },
    Enabled: event.enabled,
  };
}

async function applyOne(ctx: MappingsContext, functionName: string, sourceArn: string, event: NormalizedStreamEvent): Promise<boolean> {
  const input = streamEventInput(event, ctx.deployment);
  const [existing] = await ctx.engine.triggers.listMappings<MappingSettings>({ functionName, sourceArn });
  if (!existing) {
    const config = settingsFrom({ ...input, StartingPosition: event.startingPosition }, undefined, ctx.validatePattern);
    const mapping = await ctx.engine.triggers.createMapping({ uuid: randomUUID(), functionName, sourceArn, config, now: ctx.clock.now() });
    ctx.changed(mapping.uuid);
    return true;
  }
  const config = settingsFrom(input, existing.config, ctx.validatePattern);
  const same = JSON.stringify({ ...config, state: '', lastProcessingResult: '' }) === JSON.stringify({ ...existing.config, state: '', lastProcessingResult: '' });
  if (same) return false;
  await ctx.engine.triggers.updateMapping<MappingSettings>(existing.uuid, ctx.clock.now(), () => ({ functionName, config }));
  ctx.changed(existing.uuid);
  return true;
}
