import { randomUUID } from 'node:crypto';
import { ConfigError } from '../../config/config-error.js';
import type { NormalizedConfig, NormalizedQueueEvent } from '../../config/normalized-config.js';
import { queueArn } from '../../queues/queue-url.js';
import type { Logger } from '../../shared/logger.js';
import type { MappingsContext } from '../mappings-context.js';
import { isFifoQueueArn, queueSettingsFrom, type QueueMappingSettings } from './queue-mapping-settings.js';

/** A config `queue` event as the members of a CreateEventSourceMapping / UpdateEventSourceMapping request. */
export function queueEventInput(event: NormalizedQueueEvent): Record<string, unknown> {
  return {
    BatchSize: event.batchSize,
    MaximumBatchingWindowInSeconds: event.maximumBatchingWindow,
    FunctionResponseTypes: event.functionResponseTypes,
    FilterCriteria: { Filters: event.filterPatterns.map((pattern) => ({ Pattern: JSON.stringify(pattern) })) },
    ScalingConfig: event.maximumConcurrency === undefined ? {} : { MaximumConcurrency: event.maximumConcurrency },
    Enabled: event.enabled,
  };
}

/**
 * The `queue` events of eddy.config.ts as event source mappings: one per (function, queue), created
 * when missing and updated when its settings differ, with the checks CreateEventSourceMapping makes.
 * A queue that does not exist is a configuration error. Returns how many mappings were created or updated.
 */
export async function applyQueueEvents(config: NormalizedConfig, ctx: MappingsContext, queueExists: (name: string) => Promise<boolean>, log: Logger): Promise<number> {
  const problems: string[] = [];
  let changed = 0;
  for (const [functionName, fn] of Object.entries(config.functions)) {
    for (const [index, event] of fn.events.entries()) {
      if (!('queue' in event)) continue;
      const where = `${config.file}: functions.${functionName}.events[${index}].queue`;
      if (!(await queueExists(event.queue.name))) {
        problems.push(`${where}.name: no queue named ${event.queue.name}`);
        continue;
      }
      try {
        if (await applyOne(ctx, functionName, queueArn(ctx.deployment, event.queue.name), event.queue)) {
          changed++;
          log.info(`event source mapping: queue ${event.queue.name} → ${functionName}`);
        }
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return changed;
}

async function applyOne(ctx: MappingsContext, functionName: string, sourceArn: string, event: NormalizedQueueEvent): Promise<boolean> {
  const input = queueEventInput(event);
  const options = { fifo: isFifoQueueArn(sourceArn), validatePattern: ctx.validatePattern };
  const [existing] = await ctx.engine.triggers.listMappings<QueueMappingSettings>({ functionName, sourceArn });
  if (!existing) {
    const settings = queueSettingsFrom(input, undefined, options);
    const mapping = await ctx.engine.triggers.createMapping({ uuid: randomUUID(), functionName, sourceArn, config: settings, now: ctx.clock.now() });
    ctx.changed(mapping.uuid);
    return true;
  }
  const settings = queueSettingsFrom(input, existing.config, options);
  const comparable = (s: QueueMappingSettings) => JSON.stringify({ ...s, state: '', lastProcessingResult: '' });
  if (comparable(settings) === comparable(existing.config)) return false;
  await ctx.engine.triggers.updateMapping<QueueMappingSettings>(existing.uuid, ctx.clock.now(), () => ({ functionName, config: settings }));
  ctx.changed(existing.uuid);
  return true;
}
