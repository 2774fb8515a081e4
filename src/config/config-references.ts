import type { QueuesContext } from '../queues/queues-context.js';
import { ServiceError } from '../shared/service-error.js';
import { describeTable } from '../table/operations/describe-table.js';
import type { TableContext } from '../table/table-context.js';
import { at, type ConfigPath } from './config-checker.js';
import type { NormalizedConfig } from './normalized-config.js';

/**
 * Every table and queue a config names, checked against the config itself and what is stored, before
 * anything is applied: a stream event's table exists and has (or will have, from the config) a stream;
 * a queue event's queue, a stream event's onFailure queue and a dead-letter queue exist. Validation
 * checked the names' form only, since each may come from the config or from the API. One problem per
 * reference, `FILE: path: what is missing`. (Routes name functions of the config, checked by validation.)
 */
export async function checkReferences(config: NormalizedConfig, tables: TableContext, queues: QueuesContext): Promise<string[]> {
  const problems: string[] = [];
  const problem = (path: ConfigPath, message: string) => problems.push(`${config.file}: ${path}: ${message}`);
  const queueExists = async (name: string) => name in config.queues || (await queues.store.get(name)) !== undefined;
  const missingQueue = (name: string) => `queue ${name} does not exist in this config or in storage`;

  for (const [name, queue] of Object.entries(config.queues)) {
    const target = queue.deadLetter?.queue;
    if (target !== undefined && !(await queueExists(target))) problem(at(at(at('queues', name), 'deadLetter'), 'queue'), missingQueue(target));
  }
  for (const [name, fn] of Object.entries(config.functions)) {
    for (const [index, event] of fn.events.entries()) {
      const path = at(at(at('functions', name), 'events'), index);
      if ('stream' in event) {
        const { table, onFailure } = event.stream;
        const missing = await streamProblem(config, tables, table);
        if (missing !== undefined) problem(at(at(path, 'stream'), 'table'), missing);
        if (onFailure && 'queue' in onFailure && !(await queueExists(onFailure.queue))) problem(at(at(at(path, 'stream'), 'onFailure'), 'queue'), missingQueue(onFailure.queue));
      } else if ('queue' in event && !(await queueExists(event.queue.name))) {
        problem(at(at(path, 'queue'), 'name'), missingQueue(event.queue.name));
      }
    }
  }
  return problems;
}

/** Why a stream event cannot follow `table`, or undefined when it can. The config's declaration wins: it is what will be applied. */
export async function streamProblem(config: NormalizedConfig, tables: TableContext, table: string): Promise<string | undefined> {
  const declared = config.tables[table];
  if (declared !== undefined) {
    return declared.stream === false ? `table ${table} has no stream enabled (set tables.${table}.stream to a stream view type)` : undefined;
  }
  let stored: { StreamSpecification?: { StreamEnabled?: boolean } };
  try {
    stored = ((await describeTable(tables, { TableName: table })) as { Table: typeof stored }).Table;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceNotFoundException') return `table ${table} does not exist in this config or in storage`;
    throw error;
  }
  return stored.StreamSpecification?.StreamEnabled ? undefined : `table ${table} has no stream enabled (enable one with UpdateTable, or declare the table in this config with a stream)`;
}
