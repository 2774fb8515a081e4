import { TransactWriteItemsCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { Totals } from './usage-totals.js';

/** TransactWriteItems takes at most 100 actions: 99 metric updates and the part's marker. */
const UPDATES_PER_PART = 99;
/** How long a window's markers are kept: far longer than Lambda retries a final invocation. */
const MARKER_LIFETIME_SECONDS = 7 * 24 * 3600;

export interface MetricsTables {
  metrics: string;
  windows: string;
}

/**
 * Adds a closed window's totals to the metrics table, exactly once even when the final invocation is
 * retried (it is, until it succeeds). The rows are cut into parts of 99 (in a fixed order, so a retry cuts
 * them the same way); each part is one transaction: its ADDs plus a marker item `${windowId}#${part}`
 * put only if absent. A retry of a part that already went through fails on its marker alone and is
 * skipped; a part that did not go through is applied now.
 */
export async function flushWindow(db: DynamoDBClient, tables: MetricsTables, windowId: string, totals: Totals): Promise<void> {
  const rows = Object.keys(totals).sort().flatMap((tenant) =>
    Object.keys(totals[tenant]!).sort().map((minute) => ({ tenant, minute, ...totals[tenant]![minute]! })),
  );
  const expiresAt = Math.floor(Date.now() / 1000) + MARKER_LIFETIME_SECONDS;
  for (let part = 0; part * UPDATES_PER_PART < rows.length; part++) {
    const updates: TransactWriteItem[] = rows.slice(part * UPDATES_PER_PART, (part + 1) * UPDATES_PER_PART).map((row) => ({
      Update: {
        TableName: tables.metrics,
        Key: { tenant: { S: row.tenant }, minute: { S: row.minute } },
        UpdateExpression: 'ADD #count :count, #units :units',
        // COUNT is a reserved word.
        ExpressionAttributeNames: { '#count': 'count', '#units': 'units' },
        ExpressionAttributeValues: { ':count': { N: String(row.count) }, ':units': { N: String(row.units) } },
      },
    }));
    const marker: TransactWriteItem = {
      Put: {
        TableName: tables.windows,
        Item: { window: { S: `${windowId}#${part}` }, rows: { N: String(updates.length) }, expiresAt: { N: String(expiresAt) } },
        ConditionExpression: 'attribute_not_exists(#window)',
        ExpressionAttributeNames: { '#window': 'window' },
      },
    };
    try {
      await db.send(new TransactWriteItemsCommand({ TransactItems: [...updates, marker] }));
    } catch (error) {
      if (!alreadyApplied(error, updates.length)) throw error;
    }
  }
}

/** The transaction was refused because its marker exists: this part went through before. */
function alreadyApplied(error: unknown, markerIndex: number): boolean {
  const reasons = (error as { name?: string; CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (error as { name?: string }).name === 'TransactionCanceledException' && reasons?.[markerIndex]?.Code === 'ConditionalCheckFailed';
}
