import { streamArn, type Deployment } from '../shared/arns.js';
import type { TableDefinition } from './table-definition.js';

/**
 * A stream's label: the ISO-8601 time of its creation with milliseconds and no zone suffix
 * (SEMANTICS.md §A.1), e.g. `2026-03-14T09:26:53.589`.
 */
export function streamLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, -1);
}

/** The ARN of the table's newest stream (enabled or not), or undefined when it never had one. */
export function latestStreamArn(deployment: Deployment, table: TableDefinition): string | undefined {
  return table.latestStreamLabel === undefined ? undefined : streamArn(deployment, table.name, table.latestStreamLabel);
}

/** Each table's latest stream ARN, by table name (tables that never had a stream are left out). */
export async function latestStreamArns(deployment: Deployment, tables: { list(): Promise<readonly { name: string; definition: TableDefinition }[]> }): Promise<Map<string, string>> {
  const arns = new Map<string, string>();
  for (const entry of await tables.list()) {
    const arn = latestStreamArn(deployment, entry.definition);
    if (arn !== undefined) arns.set(entry.name, arn);
  }
  return arns;
}
