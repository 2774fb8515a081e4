import type { EventTargets } from '../config/apply-config.js';
import type { EventRef } from '../config/config-changes.js';
import { at } from '../config/config-checker.js';
import type { NormalizedConfig } from '../config/normalized-config.js';
import { isFifoName } from '../config/validate-queues.js';
import { queueArn } from '../queues/queue-url.js';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { streamNameOf } from '../streams/stream-arn.js';
import type { TableContext } from '../table/table-context.js';
import { applyStreamEvents, streamEventInput } from './config-mappings.js';
import { settingsFrom } from './mapping-settings.js';
import type { MappingsContext } from './mappings-context.js';
import { applyQueueEvents, queueEventInput } from './queue-source/queue-config-events.js';
import { queueSettingsFrom } from './queue-source/queue-mapping-settings.js';

/** The config's `stream` and `queue` events as event source mappings: checked, applied, and removed when dropped from the config. */
export function configEventTargets(ctx: MappingsContext, tables: TableContext): EventTargets {
  return {
    check: (config) => checkEvents(config, ctx),
    async apply(config: NormalizedConfig, log: Logger) {
      await applyStreamEvents(config, ctx, tables, log);
      await applyQueueEvents(config, ctx, async (name) => (await ctx.engine.queues.get(name)) !== undefined, log);
    },
    async remove(refs: readonly EventRef[]) {
      for (const ref of refs) {
        for (const mapping of await ctx.engine.triggers.listMappings({ functionName: ref.function })) {
          if (!sourceIs(mapping.sourceArn, ref, ctx)) continue;
          await ctx.engine.triggers.deleteMapping(mapping.uuid);
          ctx.changed(mapping.uuid);
        }
      }
    },
  };
}

/**
 * Each event's settings, as CreateEventSourceMapping would take them (filter patterns compile, ranges
 * hold), without writing anything: a problem found here refuses the config before any of it is applied.
 */
function checkEvents(config: NormalizedConfig, ctx: MappingsContext): string[] {
  const problems: string[] = [];
  for (const [name, fn] of Object.entries(config.functions)) {
    for (const [index, event] of fn.events.entries()) {
      const path = at(at(at('functions', name), 'events'), index);
      try {
        if ('stream' in event) {
          settingsFrom({ ...streamEventInput(event.stream, ctx.deployment), StartingPosition: event.stream.startingPosition }, undefined, ctx.validatePattern);
        } else if ('queue' in event) {
          queueSettingsFrom(queueEventInput(event.queue), undefined, { fifo: isFifoName(event.queue.name), validatePattern: ctx.validatePattern });
        }
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        problems.push(`${config.file}: ${at(path, 'stream' in event ? 'stream' : 'queue')}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** Any of a table's streams counts. */
function sourceIs(sourceArn: string, ref: EventRef, ctx: MappingsContext): boolean {
  if (ref.kind === 'queue') return sourceArn === queueArn(ctx.deployment, ref.source);
  return streamNameOf(sourceArn)?.tableName === ref.source;
}
