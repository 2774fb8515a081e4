import type { Logger } from '../shared/logger.js';
import { checkConfig, type CheckedConfig, type ConfigTargets, type EventTargets } from './apply-config.js';
import { ApplyRecorder, type ApplyReport } from './apply-report.js';
import { removeAsyncInvokes } from './apply-async-invoke.js';
import { changeSummary, NO_CHANGES } from './change-summary.js';
import { configChanges, type ConfigChanges } from './config-changes.js';
import { ConfigError } from './config-error.js';
import { loadConfig, type LoadedConfig } from './load-config.js';
import type { NormalizedHttpApi } from './normalized-config.js';

export interface DeploymentTargets extends ConfigTargets {
  events: EventTargets;
  /** Serves the config's routes and CORS on the application port from now on (undefined: none). */
  http(api: NormalizedHttpApi | undefined): Promise<void>;
}

/**
 * The config in force, and how it changes: at start the whole config is checked (every reference, every
 * function built) and only then applied, so a mistake applies nothing; under `eddy dev` an edited config
 * is checked the same way and its difference applied — created, updated and removed functions, mappings,
 * rules, schedules, pipes and routes, created and updated tables, queues, buses, archives and connections — or, with a
 * problem, nothing of it. Tables, queues, buses, archives and connections dropped from the config are kept
 * with their data: deleting data on an edit is too easy to regret.
 */
export class ConfigDeployment {
  readonly #targets: DeploymentTargets;
  readonly #log: Logger;
  /** `eddy dev`: functions that cannot be built are deployed broken rather than refusing the config. */
  readonly #dev: boolean;
  #current: { loaded: LoadedConfig; report: ApplyReport } | undefined;

  constructor(targets: DeploymentTargets, log: Logger, options: { dev: boolean }) {
    this.#targets = targets;
    this.#log = log;
    this.#dev = options.dev;
  }

  /** The config in force and what its first application did. */
  get current(): { loaded: LoadedConfig; report: ApplyReport } | undefined {
    return this.#current;
  }

  /** Checks the whole config, then applies it (routes are the caller's, at start); throws ConfigError having applied nothing. */
  async start(loaded: LoadedConfig): Promise<ApplyReport> {
    const checked = await checkConfig(loaded.config, this.#targets, { allowBroken: this.#dev });
    const recorder = new ApplyRecorder(this.#log);
    await checked.apply(recorder);
    this.#current = { loaded, report: recorder.report };
    return recorder.report;
  }

  /**
   * Reads the config file again and applies what changed, logging one summary line; a config that cannot
   * be loaded or checked is reported with the messages a start gives, and the previous one stays in force.
   * Returns whether it was applied. Only functions new or changed in the config are built here: the others
   * are rebuilt by the source watcher when their files change. `quiet`: no line when nothing changed (the
   * start's second reading of a template, once its tables' stream ARNs exist).
   */
  async reload(options: { quiet?: boolean } = {}): Promise<boolean> {
    const current = this.#current;
    if (current === undefined) return false;
    const file = current.loaded.file;
    let loaded: LoadedConfig;
    let diff: ConfigChanges;
    let checked: CheckedConfig;
    try {
      loaded = current.loaded.reload ? await current.loaded.reload() : (await loadConfig(file))!;
      diff = configChanges(current.loaded.config, loaded.config);
      const functions = [...diff.functions.added, ...diff.functions.changed.map((c) => c.item)];
      checked = await checkConfig(loaded.config, this.#targets, { allowBroken: true, functions });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#log.error(`config: ${file} not applied; the previous configuration stays in force:\n${error.message}`);
      return false;
    }
    const recorder = new ApplyRecorder(this.#log, { quiet: true });
    try {
      // What goes first, so no mapping, rule or route invokes a function that is gone.
      await this.#targets.events.remove(diff.events.removed);
      // Each kind's module is loaded when the edit drops some of it (a start loads none of them).
      const { rulesRemoved, pipesRemoved, schedulesRemoved, topicsRemoved } = diff;
      if (this.#targets.bus && rulesRemoved.length > 0) await (await import('./apply-rules.js')).removeRules(this.#targets.bus, this.#targets.httpTargets, rulesRemoved);
      if (this.#targets.pipes && pipesRemoved.length > 0) await (await import('../pipes/config/apply-pipes.js')).removePipes(this.#targets.pipes, pipesRemoved);
      if (this.#targets.scheduler && schedulesRemoved.length > 0) await (await import('../scheduler/config/apply-schedules.js')).removeSchedules(this.#targets.scheduler, schedulesRemoved);
      if (this.#targets.topics && topicsRemoved.topics.length + topicsRemoved.subscriptions.length > 0) await (await import('../topics/config/apply-topics.js')).removeTopics(this.#targets.topics.context, topicsRemoved);
      for (const name of diff.functions.removed) await this.#targets.functions.remove(name);
      await removeAsyncInvokes(diff.functions.removed, this.#targets.tables);
      await checked.apply(recorder);
      await this.#targets.http(loaded.config.http);
    } catch (error) {
      this.#current = { loaded, report: current.report };
      this.#log.error(`config: ${file} applied only in part: ${(error as Error).message}`);
      return false;
    }
    this.#current = { loaded, report: current.report };
    const summary = changeSummary(diff, recorder.report);
    if (!(options.quiet && summary === NO_CHANGES)) this.#log.info(summary);
    return true;
  }
}
