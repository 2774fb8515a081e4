import type { IndexDefinition, ProvisionedThroughput, TableDefinition } from './table-definition.js';

/** WarmThroughput's members as stored and answered (without Status). */
export interface WarmUnits {
  ReadUnitsPerSecond: number;
  WriteUnitsPerSecond: number;
}

/**
 * What a new on-demand table or GSI can serve at once: 12,000 read and 4,000 write units per second
 * (DynamoDB's warm-throughput guide; DescribeTable on AWS shows these for on-demand tables and GSIs).
 */
export const ON_DEMAND_WARM: WarmUnits = { ReadUnitsPerSecond: 12000, WriteUnitsPerSecond: 4000 };

/**
 * DescribeTable's WarmThroughput, observed on AWS (ack-api-quirks dynamodb, 2026-10): always present;
 * 12000/4000 on an on-demand table, kept after a switch back to PROVISIONED; on a provisioned table the
 * highest RCU/WCU it was given; a WarmThroughput the user set counts too; it never decreases. Eddy
 * settles the value into the definition on every change (settleWarmThroughput), so "highest ever" holds.
 */
export function tableWarmThroughput(table: TableDefinition): WarmUnits {
  const everOnDemand = table.billingMode === 'PAY_PER_REQUEST' || hasBeenOnDemand(table);
  return highest(
    table.extra?.WarmThroughput as Partial<WarmUnits> | undefined,
    everOnDemand ? ON_DEMAND_WARM : undefined,
    fromCapacity(table.billingMode === 'PROVISIONED' ? table.provisionedThroughput : undefined),
  );
}

/** A GSI's WarmThroughput, by the same rules as its table's (on-demand GSIs show 12000/4000 on AWS). */
export function indexWarmThroughput(table: TableDefinition, index: IndexDefinition): WarmUnits {
  const everOnDemand = table.billingMode === 'PAY_PER_REQUEST' || hasBeenOnDemand(table);
  return highest(
    index.extra?.WarmThroughput as Partial<WarmUnits> | undefined,
    everOnDemand ? ON_DEMAND_WARM : undefined,
    fromCapacity(table.billingMode === 'PROVISIONED' ? index.provisionedThroughput : undefined),
  );
}

/**
 * Records the current warm throughput of the table and each GSI in the definition, so that it never
 * goes down when capacity is later lowered. Called on the definition UpdateTable is about to store.
 */
export function settleWarmThroughput(table: TableDefinition): void {
  table.extra = { ...table.extra, WarmThroughput: tableWarmThroughput(table) };
  for (const index of table.globalIndexes) {
    index.extra = { ...index.extra, WarmThroughput: indexWarmThroughput(table, index) };
  }
}

/** A table was on-demand at some point when AWS's BillingModeSummary carries the switch time. */
function hasBeenOnDemand(table: TableDefinition): boolean {
  const summary = table.extra?.BillingModeSummary as { LastUpdateToPayPerRequestDateTime?: number } | undefined;
  return summary?.LastUpdateToPayPerRequestDateTime !== undefined;
}

function fromCapacity(throughput: ProvisionedThroughput | undefined): WarmUnits | undefined {
  return throughput && { ReadUnitsPerSecond: throughput.ReadCapacityUnits, WriteUnitsPerSecond: throughput.WriteCapacityUnits };
}

function highest(...candidates: (Partial<WarmUnits> | undefined)[]): WarmUnits {
  const max = (member: keyof WarmUnits) => Math.max(1, ...candidates.map((c) => c?.[member] ?? 0));
  return { ReadUnitsPerSecond: max('ReadUnitsPerSecond'), WriteUnitsPerSecond: max('WriteUnitsPerSecond') };
}
