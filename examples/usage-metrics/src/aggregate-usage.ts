import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { flushWindow } from './flush-window.js';
import type { DynamoDBTimeWindowEvent, TimeWindowResponse } from './stream-types.js';
import { addRecords, type UsageWindowState } from './usage-totals.js';

const db = new DynamoDBClient({});
const tables = { metrics: process.env.METRICS_TABLE ?? 'metrics', windows: process.env.WINDOWS_TABLE ?? 'metric-windows' };

/**
 * A DynamoDB stream trigger with a tumbling window: every invocation adds its usage events to the window's
 * state; the window's final invocation adds the sums to the metrics table (once) and starts over.
 */
export const handler = async (
  event: DynamoDBTimeWindowEvent<UsageWindowState>,
): Promise<TimeWindowResponse<UsageWindowState>> => {
  const state = addRecords(event.state ?? {}, event.Records ?? []);
  if (!event.isFinalInvokeForWindow) return { state };
  if ('first' in state) {
    await flushWindow(db, tables, `${event.eventSourceARN}|${event.shardId}|${state.first}`, state.totals);
  }
  return { state: {} };
};
