import { FunctionBuildError } from '../functions/errors.js';
import type { FunctionSpec } from '../functions/function-spec.js';
import type { QueuesContext } from '../queues/queues-context.js';
import type { Logger } from '../shared/logger.js';
import type { TableContext } from '../table/table-context.js';
import { at } from './config-checker.js';
import { ConfigError } from './config-error.js';
import { ApplyRecorder, refusedAs, type ApplyReport } from './apply-report.js';
import type { NormalizedConfig } from './normalized-config.js';
import { applyQueues } from './apply-queues.js';
import { applyTables } from './apply-tables.js';

export type { AppliedResource, ApplyReport } from './apply-report.js';

/** What the function runtime's deploy takes (src/functions/function-spec.ts). */
export type FunctionDeploySpec = FunctionSpec;

export interface ConfigTargets {
  tables: TableContext;
  queues: QueuesContext;
  deployFunction(spec: FunctionDeploySpec): Promise<unknown>;
}

/**
 * Brings the stored resources in line with a config: tables and queues are created when missing and
 * updated when they differ, through the DynamoDB and SQS operations themselves (so their validation
 * applies); functions are deployed. Resources the config does not name are left alone. Differences that
 * cannot be applied (a table's key, a queue's type) are found before anything is written, and thrown as
 * one ConfigError. So are functions that cannot be built (a syntax error, a package not installed), once
 * every function has been tried: one line per problem.
 */
export async function applyConfig(config: NormalizedConfig, targets: ConfigTargets, log: Logger): Promise<ApplyReport> {
  const recorder = new ApplyRecorder(log);
  const tables = await applyTables(config, targets.tables);
  const queues = await applyQueues(config, targets.queues);
  const refused = [...tables.refused, ...queues.refused];
  if (refused.length > 0) throw new ConfigError(refused.map((problem) => `${config.file}: ${problem}`));
  await queues.run(recorder);
  await tables.run(recorder);
  const unbuilt: string[] = [];
  for (const [name, fn] of Object.entries(config.functions)) {
    const spec: FunctionDeploySpec = {
      name,
      handler: `${fn.handler.file}#${fn.handler.export}`,
      baseDir: config.baseDir,
      timeoutSeconds: fn.timeout,
      memorySizeMB: fn.memorySize,
      environment: fn.environment,
    };
    if (fn.reservedConcurrency !== undefined) spec.reservedConcurrency = fn.reservedConcurrency;
    const path = at(at('', 'functions'), name);
    const built = await refusedAs(config, path, async () => {
      try {
        await targets.deployFunction(spec);
        return true;
      } catch (error) {
        // Every function is built, so one start lists every missing package and broken file.
        if (!(error instanceof FunctionBuildError)) throw error;
        unbuilt.push(...error.problems.map((problem) => `${config.file}: ${path}: cannot be built: ${problem}`));
        return false;
      }
    });
    if (!built) continue;
    recorder.record('deployed', { kind: 'function', name, changes: [] });
  }
  if (unbuilt.length > 0) throw new ConfigError(unbuilt);
  return recorder.report;
}
