import { brokenLine } from '../functions/broken-function.js';
import type { FunctionBuildError } from '../functions/errors.js';
import { silentLogger, type Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import { ConfigError } from './config-error.js';
import type { NormalizedConfig } from './normalized-config.js';

export interface AppliedResource {
  kind: 'table' | 'queue' | 'function' | 'bus' | 'rule' | 'archive' | 'connection' | 'schedule' | 'pipe' | 'topic' | 'subscription';
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
  /** Functions deployed broken (`eddy dev`): `changes` holds their build problems. */
  broken: AppliedResource[];
}

/**
 * Records one outcome in the report and logs creations and updates, one line each; `quiet` leaves those
 * lines to a summary of the caller's (`eddy dev` after a config edit). A broken function is always told.
 */
export class ApplyRecorder {
  readonly report: ApplyReport = { created: [], updated: [], unchanged: [], deployed: [], broken: [] };
  readonly #log: Logger;
  readonly #quiet: boolean;

  constructor(log: Logger, options: { quiet?: boolean } = {}) {
    this.#log = log;
    this.#quiet = options.quiet ?? false;
  }

  /** Where the steps applying the config log their own lines: nowhere when quiet. */
  get logger(): Logger {
    return this.#quiet ? silentLogger : this.#log;
  }

  broken(name: string, error: FunctionBuildError): void {
    this.report.broken.push({ kind: 'function', name, changes: [...error.problems] });
    this.#log.error(brokenLine(name, error));
  }

  record(outcome: Exclude<keyof ApplyReport, 'broken'>, resource: AppliedResource): void {
    this.report[outcome].push(resource);
    if (outcome === 'unchanged' || this.#quiet) return;
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
