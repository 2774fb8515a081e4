import { ServiceError } from '../shared/service-error.js';
import { createTable } from '../table/operations/create-table.js';
import { describeTable } from '../table/operations/describe-table.js';
import { describeTimeToLive } from '../table/operations/describe-time-to-live.js';
import { updateTable } from '../table/operations/update-table.js';
import { updateTimeToLive } from '../table/operations/update-time-to-live.js';
import type { TableContext } from '../table/table-context.js';
import { refusedAs, type ApplyRecorder } from './apply-report.js';
import { at } from './config-checker.js';
import type { NormalizedConfig } from './normalized-config.js';
import { createTableInput, planTable, type StoredTable, type TablePlan } from './table-plan.js';

/** The config's tables, compared with the stored ones (reads only); `run` then makes the writes. */
export interface TablesApplication {
  refused: string[];
  run(recorder: ApplyRecorder): Promise<void>;
}

export async function applyTables(config: NormalizedConfig, ctx: TableContext): Promise<TablesApplication> {
  const plans = new Map<string, TablePlan | 'create'>();
  for (const [name, table] of Object.entries(config.tables)) {
    const stored = await storedTable(ctx, name);
    plans.set(name, stored ? planTable(at('tables', name), table, stored) : 'create');
  }
  const refused = [...plans.values()].flatMap((plan) => (plan === 'create' ? [] : plan.refused));
  return {
    refused,
    async run(recorder) {
      for (const [name, plan] of plans) {
        const path = at('tables', name);
        const table = config.tables[name]!;
        if (plan === 'create') {
          await refusedAs(config, path, async () => {
            await createTable(ctx, createTableInput(name, table));
            if (table.ttlAttribute !== undefined) {
              await updateTimeToLive(ctx, { TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: table.ttlAttribute } });
            }
          });
          recorder.record('created', { kind: 'table', name, changes: [] });
        } else if (plan.steps.length === 0) {
          recorder.record('unchanged', { kind: 'table', name, changes: [] });
        } else {
          await refusedAs(config, path, async () => {
            for (const step of plan.steps) {
              const input = { TableName: name, ...step.input };
              if (step.op === 'updateTable') await updateTable(ctx, input);
              else await updateTimeToLive(ctx, input);
            }
          });
          recorder.record('updated', { kind: 'table', name, changes: plan.changes });
        }
      }
    },
  };
}

async function storedTable(ctx: TableContext, name: string): Promise<StoredTable | undefined> {
  let table: StoredTable;
  try {
    table = ((await describeTable(ctx, { TableName: name })) as { Table: StoredTable }).Table;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'ResourceNotFoundException') return undefined;
    throw error;
  }
  const ttl = (await describeTimeToLive(ctx, { TableName: name })) as {
    TimeToLiveDescription: { TimeToLiveStatus: string; AttributeName?: string };
  };
  const description = ttl.TimeToLiveDescription;
  return { ...table, ttlAttribute: description.TimeToLiveStatus === 'ENABLED' ? description.AttributeName : undefined };
}
