import type { BusContext } from '../bus/bus-context.js';
import type { LambdaContext } from '../lambda/lambda-context.js';
import type { PipesContext } from '../pipes/pipes-context.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { SchedulerContext } from '../scheduler/scheduler-context.js';
import type { TopicsContext } from '../topics/topics-context.js';
import type { Logger } from '../shared/logger.js';
import type { TableContext } from '../table/table-context.js';

/** What export and import read and write through: the contexts the wire's operations use. */
export interface TransferContext {
  readonly tables: TableContext;
  readonly queues: QueuesContext;
  readonly bus: BusContext;
  readonly scheduler: SchedulerContext;
  readonly topics: TopicsContext;
  readonly lambda: LambdaContext;
  readonly pipes: PipesContext;
  readonly logger: Logger;
}

/** What an export or an import went through, by line type. */
export type TransferCounts = Record<'tables' | 'items' | 'streamRecords' | 'queues' | 'messages' | 'connections' | 'apiDestinations' | 'buses' | 'rules' | 'archives' | 'archivedEvents' | 'scheduleGroups' | 'schedules' | 'topics' | 'subscriptions' | 'functions' | 'versions' | 'aliases' | 'eventInvokeConfigs' | 'mappings' | 'pipes', number>;

export const noCounts = (): TransferCounts => ({ tables: 0, items: 0, streamRecords: 0, queues: 0, messages: 0, connections: 0, apiDestinations: 0, buses: 0, rules: 0, archives: 0, archivedEvents: 0, scheduleGroups: 0, schedules: 0, topics: 0, subscriptions: 0, functions: 0, versions: 0, aliases: 0, eventInvokeConfigs: 0, mappings: 0, pipes: 0 });

/** The counter a line of `type` adds to. */
export const COUNTED: Readonly<Record<string, keyof TransferCounts>> = {
  table: 'tables', item: 'items', streamRecord: 'streamRecords', queue: 'queues', message: 'messages', connection: 'connections', apiDestination: 'apiDestinations', bus: 'buses', rule: 'rules', archive: 'archives', archivedEvent: 'archivedEvents',
  scheduleGroup: 'scheduleGroups', schedule: 'schedules', topic: 'topics', subscription: 'subscriptions', function: 'functions', version: 'versions', alias: 'aliases',
  eventInvokeConfig: 'eventInvokeConfigs', mapping: 'mappings', pipe: 'pipes',
};

export function countsText(counts: TransferCounts): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    plural(counts.tables, 'table', 'tables'),
    plural(counts.items, 'item', 'items'),
    plural(counts.queues, 'queue', 'queues'),
    plural(counts.messages, 'message', 'messages'),
    plural(counts.buses, 'bus', 'buses'),
    plural(counts.rules, 'rule', 'rules'),
    // The rarer kinds only when there are some: the line stays short.
    ...(counts.streamRecords > 0 ? [plural(counts.streamRecords, 'stream record', 'stream records')] : []),
    ...(counts.connections > 0 ? [plural(counts.connections, 'connection', 'connections')] : []),
    ...(counts.apiDestinations > 0 ? [plural(counts.apiDestinations, 'API destination', 'API destinations')] : []),
    ...(counts.archives > 0 ? [plural(counts.archives, 'archive', 'archives')] : []),
    ...(counts.archivedEvents > 0 ? [plural(counts.archivedEvents, 'archived event', 'archived events')] : []),
    ...(counts.scheduleGroups > 0 ? [plural(counts.scheduleGroups, 'schedule group', 'schedule groups')] : []),
    ...(counts.schedules > 0 ? [plural(counts.schedules, 'schedule', 'schedules')] : []),
    ...(counts.topics > 0 ? [plural(counts.topics, 'topic', 'topics')] : []),
    ...(counts.subscriptions > 0 ? [plural(counts.subscriptions, 'subscription', 'subscriptions')] : []),
    ...(counts.functions > 0 ? [plural(counts.functions, 'function', 'functions')] : []),
    ...(counts.versions > 0 ? [plural(counts.versions, 'function version', 'function versions')] : []),
    ...(counts.aliases > 0 ? [plural(counts.aliases, 'alias', 'aliases')] : []),
    ...(counts.eventInvokeConfigs > 0 ? [plural(counts.eventInvokeConfigs, 'event invoke config', 'event invoke configs')] : []),
    ...(counts.mappings > 0 ? [plural(counts.mappings, 'event source mapping', 'event source mappings')] : []),
    ...(counts.pipes > 0 ? [plural(counts.pipes, 'pipe', 'pipes')] : []),
  ].join(', ');
}
