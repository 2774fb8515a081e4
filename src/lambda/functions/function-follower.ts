import { createHash } from 'node:crypto';
import { FunctionBuildError, type FunctionRuntime } from '../../functions/function-runtime.js';
import { displayName, type FunctionSpec, type ResolvedFunctionSpec } from '../../functions/function-spec.js';
import type { Logger } from '../../shared/logger.js';
import type { FunctionStore, StoredFunction } from '../../storage/function-store.js';
import type { CodeDirectory } from '../code/code-directory.js';
import { deploySpec } from './deploy-spec.js';
import type { DeployState, FunctionCode, FunctionDocument, FunctionVersion } from './function-document.js';
import { LiveCodeWatcher } from './live-code-watcher.js';

export interface FunctionFollowerOptions {
  readonly store: FunctionStore;
  readonly runtime: FunctionRuntime;
  readonly logger: Logger;
  /**
   * Where this node unpacks the stored packages it runs, first when it has not got them (several nodes
   * on one database). Without it the directory a document names is run as it is: one node only.
   */
  readonly code?: CodeDirectory;
  /** How often the store is looked at without a request asking (default 1 s). */
  readonly intervalMs?: number;
}

/** This node's deployment of one stored function's $LATEST. */
interface Followed {
  readonly revisionId: string;
  /** Set while the deploy runs. */
  deploying: Promise<void> | undefined;
  /** A function of eddy.config.ts has the name: it runs, this one does not (said once in the log). */
  readonly yielded: boolean;
  /** Its code is a local directory, watched for live code. */
  readonly local?: boolean;
}

/** A published version, deployed on first use under a runtime name of its own. */
interface VersionDeployment {
  readonly name: string;
  readonly version: string;
  readonly revisionId: string;
  readonly ready: Promise<void>;
  /** Its code is a local directory (watched, as $LATEST's is, once deployed). */
  readonly local: boolean;
  settled: boolean;
}

/**
 * Makes this node's FunctionRuntime run what the FunctionStore holds, so every node sharing the
 * database runs the same API-created functions: `sync()` reads the store's change counter (one cheap
 * read) and, when it moved, deploys each function whose $LATEST revision changed and removes those
 * deleted. It runs before each Lambda API lookup or invoke and on a timer. Functions of eddy.config.ts
 * win a name clash: such a function is left to the config and named once in the log. Nothing here is
 * the truth: it is all rebuilt from the store after a restart.
 */
export class FunctionFollower {
  readonly #o: FunctionFollowerOptions;
  readonly #followed = new Map<string, Followed>();
  readonly #versions = new Map<string, VersionDeployment>();
  /** The specs this follower deployed: a runtime entry with another spec belongs to the config. */
  readonly #ours = new WeakSet<ResolvedFunctionSpec>();
  readonly #live: LiveCodeWatcher;
  #seen = -1;
  #pass: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: FunctionFollowerOptions) {
    this.#o = options;
    this.#live = new LiveCodeWatcher(options.runtime, options.logger);
  }

  /** Deploys the stored functions (waiting for them, so a restarted node serves them at once), then follows on a timer. */
  async start(): Promise<void> {
    await this.sync();
    await Promise.allSettled([...this.#followed.values()].map((f) => f.deploying));
    this.#timer = setInterval(() => void this.sync().catch((error) => this.#o.logger.error('following the stored functions failed', error)), this.#o.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Stops the timer and waits for deploys under way. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#live.close();
    await this.#queued?.catch(() => undefined);
    await this.#pass?.catch(() => undefined);
    await Promise.allSettled([...this.#followed.values()].map((f) => f.deploying));
  }

  /**
   * Brings this node up to the store (a no-op when nothing changed). The pass it waits for starts after
   * the call — one under way may have read the store before the caller's own write — and calls made
   * while a pass runs share the one that follows it.
   */
  sync(): Promise<void> {
    if (this.#pass === undefined) return this.#startPass();
    this.#queued ??= this.#pass.catch(() => undefined).then(() => {
      this.#queued = undefined;
      return this.#startPass();
    });
    return this.#queued;
  }

  #startPass(): Promise<void> {
    const pass: Promise<void> = this.#run().finally(() => {
      if (this.#pass === pass) this.#pass = undefined;
    });
    this.#pass = pass;
    return pass;
  }

  /** Whether this node runs the function's revision `revisionId` yet. */
  state(name: string, revisionId: string): DeployState {
    const followed = this.#followed.get(name);
    return followed?.revisionId === revisionId && followed.deploying === undefined && !followed.yielded ? 'deployed' : 'deploying';
  }

  /** Resolves once this node's deploy of the function (if one runs) is over. */
  async ready(name: string): Promise<void> {
    await this.#followed.get(name)?.deploying;
  }

  /** True while a deploy of the function runs on this node (an update now is Lambda's "update in progress"). */
  updating(name: string): boolean {
    return this.#followed.get(name)?.deploying !== undefined;
  }

  /**
   * Whether the runtime's function of that name came from the config (or from nowhere this follower
   * knows); the runtime names of published versions deployed apart are this follower's.
   */
  isForeign(name: string): boolean {
    const deployed = this.#o.runtime.get(name);
    return deployed !== undefined && !this.#ours.has(deployed.spec);
  }

  /**
   * The runtime name to invoke a function's $LATEST or one of its versions with, once it is deployed
   * here. A version is deployed on its first invocation, apart from $LATEST even when its code and
   * settings are $LATEST's: as on Lambda, its environments are its own, and its handler is told its
   * version (AWS_LAMBDA_FUNCTION_VERSION, the log stream) for as long as they live.
   */
  async runtimeName(stored: StoredFunction<FunctionDocument>, version: FunctionVersion | undefined): Promise<string> {
    const name = stored.name;
    if (version === undefined) {
      await this.#followed.get(name)?.deploying;
      return name;
    }
    const runtimeName = versionRuntimeName(name, version.version);
    let deployment = this.#versions.get(runtimeName);
    if (deployment?.revisionId !== version.revisionId) {
      const specOf = (code: FunctionCode) => deploySpec(runtimeName, version.settings, code, { functionName: name, version: version.version });
      const created: VersionDeployment = {
        name,
        version: version.version,
        revisionId: version.revisionId,
        local: version.code.kind === 'local',
        settled: false,
        ready: this.#deploy(name, version.code, specOf).finally(() => {
          created.settled = true;
          this.#watchLocal();
        }),
      };
      deployment = created;
      this.#versions.set(runtimeName, deployment);
    }
    await deployment.ready;
    return runtimeName;
  }

  async #run(): Promise<void> {
    if (this.#closed) return;
    this.#noticeConfig();
    const count = await this.#o.store.changeCount();
    if (count === this.#seen) return;
    const all = await this.#o.store.list<FunctionDocument>();
    this.#seen = count;
    const names = new Set<string>();
    for (const stored of all) {
      names.add(stored.name);
      this.#follow(stored);
      for (const [runtimeName, deployment] of this.#versions) {
        if (deployment.name === stored.name && !stored.document.versions.some((v) => v.version === deployment.version)) void this.#remove(runtimeName);
      }
    }
    for (const name of [...this.#followed.keys()]) if (!names.has(name)) void this.#forget(name);
    for (const [runtimeName, deployment] of this.#versions) if (!names.has(deployment.name)) void this.#remove(runtimeName);
  }

  #follow(stored: StoredFunction<FunctionDocument>): void {
    const { name, document: doc } = stored;
    const current = this.#followed.get(name);
    if (current?.revisionId === doc.revisionId) return;
    if (this.isForeign(name)) {
      if (!current?.yielded) this.#yieldToConfig(name);
      this.#followed.set(name, { revisionId: doc.revisionId, deploying: undefined, yielded: true });
      return;
    }
    const followed: Followed = { revisionId: doc.revisionId, deploying: undefined, yielded: false, local: doc.code.kind === 'local' };
    followed.deploying = this.#deploy(name, doc.code, (code) => deploySpec(name, doc.settings, code)).finally(() => {
      followed.deploying = undefined;
      this.#watchLocal();
    });
    this.#followed.set(name, followed);
  }

  /**
   * A config function may take a name at any time (`eddy dev` applying an edit): the stored function
   * gives way, once; when the config drops the name again, the stored function runs again.
   */
  #noticeConfig(): void {
    for (const [name, followed] of this.#followed) {
      if (followed.deploying !== undefined) continue;
      if (!followed.yielded && this.isForeign(name)) {
        this.#yieldToConfig(name);
        this.#followed.set(name, { ...followed, yielded: true });
      } else if (followed.yielded && this.#o.runtime.get(name) === undefined) {
        this.#followed.delete(name);
        this.#seen = -1; // deployed again by this pass
      }
    }
  }

  #watchLocal(): void {
    if (this.#closed) return;
    const latest = [...this.#followed].filter(([, f]) => f.local && !f.yielded && f.deploying === undefined).map(([name]) => name);
    const versions = [...this.#versions].filter(([, d]) => d.local && d.settled).map(([runtimeName]) => runtimeName);
    this.#live.watch([...latest, ...versions]);
  }

  #yieldToConfig(name: string): void {
    this.#o.logger.warn(`[${name}] eddy.config.ts defines a function of this name: it runs instead of the function of that name created through the Lambda API`);
  }

  /** Deploys the spec `specOf` makes of the code as this node has it (unpacked from the store first when it has not). */
  async #deploy(functionName: string, code: FunctionCode, specOf: (code: FunctionCode) => FunctionSpec): Promise<void> {
    const { runtime, logger } = this.#o;
    let spec = specOf(code);
    // The terminal names a version `orders:3`, never the runtime name it deploys under.
    const label = displayName(spec);
    let deployed;
    try {
      if (this.#o.code !== undefined) spec = specOf(await this.#o.code.local(this.#o.store, functionName, code));
      deployed = await runtime.deploy(spec);
    } catch (error) {
      // Code that cannot load still deploys, as on Lambda: every invocation fails with why.
      const build = error instanceof FunctionBuildError ? error : new FunctionBuildError(label, [(error as Error).message]);
      logger.warn(`[${label}] ${build.message}`);
      deployed = await runtime.deployBroken(spec, build).catch((second) => {
        logger.error(`[${label}] could not be deployed`, second);
        return undefined;
      });
    }
    if (deployed) this.#ours.add(deployed.spec);
  }

  async #forget(name: string): Promise<void> {
    const followed = this.#followed.get(name);
    this.#followed.delete(name);
    this.#watchLocal();
    await followed?.deploying;
    // A function created again under the name meanwhile is deployed over this one, not removed.
    if (followed && !followed.yielded && !this.isForeign(name) && !this.#followed.has(name)) await this.#o.runtime.remove(name);
  }

  async #remove(runtimeName: string): Promise<void> {
    const deployment = this.#versions.get(runtimeName);
    this.#versions.delete(runtimeName);
    this.#watchLocal();
    await deployment?.ready;
    await this.#o.runtime.remove(runtimeName);
  }
}

/**
 * The runtime name of a published version: a valid function name no user function is likely to have
 * (`eddy-v3-<hash>`). Its handlers never see it: their spec's identity says `orders`, version `3`.
 */
function versionRuntimeName(name: string, version: string): string {
  return `eddy-v${version}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}
