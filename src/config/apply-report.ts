import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { ConfigError } from './config-error.js';
import type { NormalizedConfig } from './normalized-config.js';

export interface AppliedResource {
  kind: 'table' | 'queue' | 'function';
  name: string;
  /** For updates: what changed, e.g. `stream NEW_IMAGE → KEYS_ONLY`. */
  changes: string[];
}

export interface ApplyReport {
  created: AppliedResource[];
  updated: AppliedResource[];
  unchanged: AppliedResource[];
  /** Functions are deployed on every apply. */
  deployed: AppliedResource[];
}

/** Records one outcome in the report and logs creations and updates, one line each. */
export class ApplyRecorder {
  readonly report: ApplyReport = { created: [], updated: [], unchanged: [], deployed: [] };
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  record(outcome: keyof ApplyReport, resource: AppliedResource): void {
    this.report[outcome].push(resource);
    if (outcome === 'unchanged') return;
    const detail = resource.changes.length > 0 ? `: ${resource.changes.join(', ')}` : '';
    this.#log.info(`config: ${outcome} ${resource.kind} ${resource.name}${detail}`);
  }
}

/** A ServiceError from an operation applying `path` becomes a ConfigError naming the file and the path. */
export async function refusedAs<T>(config: NormalizedConfig, path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ServiceError && !(error instanceof ConfigError)) {
      throw new ConfigError([`${config.file}: ${path}: ${error.code}: ${error.message}`]);
    }
    throw error;
  }
}
