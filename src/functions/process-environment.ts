import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { exitPayload, timeoutPayload } from './error-payload.js';
import { INIT_LIMIT_MS, invokeWhenReady, logStreamName, type Environment, type EnvironmentInvocation, type InvocationOutcome } from './environment.js';
import type { EnvironmentOptions } from './execution-environment.js';
import { initExitPayload, processExitPayload, type ProcessExit } from './process-exit.js';
import { procAvailable, treeMemory } from './process-memory.js';
import { clientContextJson, traceId } from './runtime-api/invocation-headers.js';
import { RuntimeApiServer, type RuntimeAnswer } from './runtime-api/runtime-api-server.js';
import type { ErrorPayload } from './worker-protocol.js';
import { readline } from '../shared/node-builtins.js';

/** The invocation running; `answered` once the runtime posted its answer (its output may still be in the pipes). */
interface Running {
  requestId: string;
  settle: (outcome: InvocationOutcome) => void;
  answered?: InvocationOutcome;
}

export interface ProcessEnvironmentOptions {
  /** The runtime to start (`python3`, `./bootstrap`) and its arguments. */
  command: string;
  args: string[];
  /** The function's code directory. */
  cwd: string;
  /** The process's whole environment (Lambda's variables); AWS_LAMBDA_RUNTIME_API is added. */
  env: (logStreamName: string) => Record<string, string>;
  /** The ARN invocations name (Lambda-Runtime-Invoked-Function-Arn) when the caller gives none. */
  functionArn: string;
  /** `$LATEST` (the default) or a published version's number, for the log stream's name. */
  functionVersion?: string;
  /**
   * Every line the process writes on stdout or stderr, with the invocation it belongs to (undefined
   * during init; between invocations, the last one).
   */
  onLog: EnvironmentOptions['onLog'];
  /** How long the runtime may take to ask for its first invocation (default Lambda's 10 s). */
  initLimitMs?: number;
  /** The function's memory (Lambda's MemorySize): the most the process tree may hold resident; unlimited when absent. */
  memorySizeMB?: number;
}

/** How often the process tree's memory is read while it initialises or runs an invocation. */
const MEMORY_SAMPLE_MS = 25;

/**
 * One execution environment as a child process that speaks Lambda's Runtime API: any language's
 * runtime (Eddy's Python bootstrap, a `provided` bootstrap executable) asks this environment's own
 * RuntimeApiServer for invocations. Init ends at its first `/next`. A timeout kills the process's
 * whole group (SIGKILL); a process that exits during an invocation fails that invocation
 * (Runtime.ExitError) and nothing else.
 *
 * Memory is limited as Lambda's cgroup limits it, on what is resident rather than what is reserved: an
 * address-space rlimit would break runtimes that reserve large virtual ranges (Node, Go, the JVM) long
 * before they use the memory. While the runtime initialises or runs an invocation, the resident memory
 * of the process and its descendants (VmRSS, /proc/<pid>/status, children found through
 * /proc/<pid>/task/<tid>/children) is read every 25 ms, and the root's own peak (VmHWM) once more when
 * it finishes init and when it answers, so a spike between two readings is not missed (that one file
 * is all a warm invocation pays, a few tens of microseconds). Past
 * `memorySizeMB` the group is killed and the invocation fails as Lambda's does, Runtime.OutOfMemory with
 * "Runtime exited with error: signal: killed", its REPORT showing Max Memory Used equal to the limit.
 * An idle environment is not read (it runs nothing that could grow). Where /proc is absent (macOS)
 * memory is neither measured (Max Memory Used reads 1 MB) nor limited.
 */
export class ProcessEnvironment implements Environment {
  readonly logStreamName: string;
  initDurationMs: number | undefined;
  invocations = 0;
  readonly #options: ProcessEnvironmentOptions;
  #alive = true;
  /** The process has ended (or never started) and everything about it is settled. */
  #over = false;
  #child: ChildProcess | undefined;
  #api: RuntimeApiServer | undefined;
  #ready: Promise<ErrorPayload | undefined>;
  #markReady: (error: ErrorPayload | undefined) => void = () => {};
  #exited: Promise<void>;
  #markExited: () => void = () => {};
  #current: Running | undefined;
  /**
   * The request output belongs to: the invocation running, else the last one (a runtime may print
   * after answering, until it asks for the next; awslambdaric's request id stays set that long too).
   */
  #outputRequestId: string | undefined;
  #memoryUsedMB = 0;
  /** The tree went past its memory limit and was killed for it. */
  #outOfMemory = false;
  #memorySampler: NodeJS.Timeout | undefined;
  /** The runtime process has exited (and been reaped): its pid may be another process's by now. */
  #processExited = false;
  /** Chunks read from the process's stdout and stderr so far. */
  #outputChunks = 0;

  constructor(options: ProcessEnvironmentOptions) {
    this.#options = options;
    this.logStreamName = logStreamName(new Date(), options.functionVersion ?? '$LATEST');
    this.#ready = new Promise((resolve) => (this.#markReady = resolve));
    this.#exited = new Promise((resolve) => (this.#markExited = resolve));
    void this.#start();
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** The peak resident memory seen of the process tree, in MB (the limit once it went past it; 0 where /proc is absent). */
  get memoryUsedMB(): number {
    return this.#memoryUsedMB;
  }

  async invoke(message: EnvironmentInvocation, timeoutSeconds: number): Promise<{ outcome: InvocationOutcome; durationMs: number }> {
    this.invocations++;
    return invokeWhenReady(
      this,
      this.#ready,
      () => processExitPayload(message.requestId, { code: 0, signal: null }),
      () => this.#run(message, timeoutSeconds),
    );
  }

  /** Kills the process group (an invocation in progress ends as a crash); resolves once it has exited. */
  async terminate(): Promise<void> {
    if (this.#alive) {
      this.#alive = false;
      this.#kill();
    }
    await this.#exited;
  }

  async #start(): Promise<void> {
    const options = this.#options;
    const started = performance.now();
    const initLimitMs = options.initLimitMs ?? INIT_LIMIT_MS;
    const initTimer = setTimeout(
      () => this.#markReady({ errorType: 'Runtime.InitTimeout', errorMessage: `Init phase exceeded ${initLimitMs / 1000} seconds` }),
      initLimitMs,
    );
    const initOver = (error: ErrorPayload | undefined) => {
      clearTimeout(initTimer);
      this.initDurationMs ??= performance.now() - started;
      this.#markReady(error);
    };
    let api: RuntimeApiServer;
    try {
      api = await RuntimeApiServer.listen({
        ready: () => {
          // Past the limit during init: the kill's exit ends init with Runtime.OutOfMemory instead.
          if (!this.#withinMemoryLimit(false)) return;
          initOver(undefined);
          // Idle until its first invocation: nothing runs that could grow.
          this.#sampleMemory(false);
        },
        initError: (error) => initOver(error),
      });
    } catch (error) {
      this.#alive = false;
      this.#over = true;
      initOver({ errorType: 'Runtime.Unknown', errorMessage: `Error: the Runtime API could not listen: ${(error as Error).message}` });
      this.#markExited();
      return;
    }
    this.#api = api;
    if (!this.#alive) {
      // Terminated before it started: as if killed at once.
      await this.#ended({ code: null, signal: 'SIGKILL' }, initOver);
      return;
    }
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: { ...options.env(this.logStreamName), AWS_LAMBDA_RUNTIME_API: api.address },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout kills whatever the runtime started as well.
      detached: true,
    });
    this.#child = child;
    this.#sampleMemory(true);
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', () => this.#outputChunks++);
      readline().createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => options.onLog(line, this.#outputRequestId, { message: line }));
    }
    let exit: ProcessExit | undefined;
    child.once('error', (error) => {
      // Spawning failed (no such file, not executable): no 'exit' follows for sure, so end here.
      if (child.pid === undefined) void this.#ended({ spawnError: error }, initOver);
    });
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      this.#processExited = true;
      this.#sampleMemory(false);
      // Whatever the runtime left behind goes too, which also closes its pipes.
      this.#kill();
      // Unless something that left the group (a daemon started with setsid) holds them open: once
      // they are read and the group is gone, they are closed here.
      void this.#outputRead().then(() => {
        if (groupAlive(child.pid)) return;
        if (child.stdout?.readableEnded === false) child.stdout.destroy();
        if (child.stderr?.readableEnded === false) child.stderr.destroy();
      });
    });
    // 'close' comes once its output is read to the end, so every line it wrote is logged before the outcome.
    child.once('close', () => {
      if (exit !== undefined) void this.#ended(exit, initOver);
    });
  }

  async #ended(exit: ProcessExit, initOver: (error: ErrorPayload | undefined) => void): Promise<void> {
    if (this.#over) return;
    this.#over = true;
    this.#alive = false;
    this.#sampleMemory(false);
    // Lambda's init error for a runtime killed out of memory (its message unconfirmed).
    initOver(this.#outOfMemory ? { errorType: 'Runtime.OutOfMemory', errorMessage: 'Error: Runtime exited with error: signal: killed' } : initExitPayload(exit));
    const current = this.#current;
    const error = (requestId: string) => (this.#outOfMemory ? exitPayload(requestId, { outOfMemory: true }) : processExitPayload(requestId, exit));
    // A runtime may exit right after answering: the answer stands (the next invocation starts cold).
    if (current !== undefined) this.#finish(current.answered ?? { kind: 'crash', error: error(current.requestId), exitError: true });
    await this.#api?.close();
    this.#markExited();
  }

  #run(message: EnvironmentInvocation, timeoutSeconds: number): Promise<InvocationOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#finish({ kind: 'timeout', error: timeoutPayload(message.requestId, timeoutSeconds) });
        void this.terminate();
      }, timeoutSeconds * 1000);
      const current: Running = {
        requestId: message.requestId,
        settle: (outcome: InvocationOutcome) => {
          clearTimeout(timer);
          this.#sampleMemory(false);
          resolve(outcome);
        },
      };
      this.#current = current;
      this.#outputRequestId = message.requestId;
      this.#sampleMemory(true);
      const answer = this.#api!.invoke({
        requestId: message.requestId,
        // An empty event is `{}`, as Lambda hands it over.
        payload: message.payload.trim() === '' ? '{}' : message.payload,
        deadlineMs: Date.now() + timeoutSeconds * 1000,
        invokedFunctionArn: message.invokedFunctionArn ?? this.#options.functionArn,
        traceId: traceId(),
        ...(message.clientContext !== undefined && { clientContext: clientContextJson(message.clientContext) }),
      });
      void answer.then(async (answered) => {
        // Past the limit before it answered: the kill's exit fails the invocation instead.
        if (!this.#withinMemoryLimit(false)) return;
        current.answered = outcomeOf(answered);
        await this.#outputRead();
        if (this.#current === current) this.#finish(current.answered);
      });
    });
  }

  /**
   * The process wrote its output before posting its answer, but the pipes are read on their own: turns
   * of the event loop go by until one reads nothing more from them, so every line it printed is logged
   * with this request id (a large output takes several turns; a process that keeps printing after
   * answering is cut off after 1,000).
   */
  async #outputRead(): Promise<void> {
    for (let turn = 0; turn < 1000; turn++) {
      const before = this.#outputChunks;
      await new Promise((next) => setImmediate(next));
      if (this.#outputChunks === before) return;
    }
  }

  #finish(outcome: InvocationOutcome): void {
    const current = this.#current;
    this.#current = undefined;
    current?.settle(outcome);
  }

  #kill(): void {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }

  /** Reads the tree's memory every MEMORY_SAMPLE_MS (`on`), or stops reading it. The timer never holds Eddy open. */
  #sampleMemory(on: boolean): void {
    clearInterval(this.#memorySampler);
    this.#memorySampler = undefined;
    if (on && this.#alive && procAvailable) {
      this.#memorySampler = setInterval(() => this.#withinMemoryLimit(true), MEMORY_SAMPLE_MS);
      this.#memorySampler.unref();
    }
  }

  /**
   * Reads the memory of the tree (`descendants`), or of the root alone as init ends and as it answers,
   * on the invocation's path (its peak covers it; its descendants were read while it ran). The peak so
   * far is "Max Memory Used"; past the limit, kills the group as Lambda's out-of-memory kill does and
   * answers false. True when the process is gone or unreadable.
   */
  #withinMemoryLimit(descendants: boolean): boolean {
    const pid = this.#child?.pid;
    if (pid === undefined || this.#processExited || this.#outOfMemory) return !this.#outOfMemory;
    const memory = treeMemory(pid, descendants);
    if (memory === undefined) return true;
    const usedKB = Math.max(memory.residentKB, memory.rootPeakKB);
    const limitMB = this.#options.memorySizeMB;
    if (limitMB === undefined || usedKB <= limitMB * 1024) {
      this.#memoryUsedMB = Math.max(this.#memoryUsedMB, Math.ceil(usedKB / 1024));
      return true;
    }
    this.#outOfMemory = true;
    this.#memoryUsedMB = limitMB;
    this.#alive = false;
    this.#sampleMemory(false);
    this.#kill();
    return false;
  }
}

/** Whether any process of the group led by `pid` is still there (signal 0 checks without sending). */
function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function outcomeOf(answer: RuntimeAnswer): InvocationOutcome {
  return { kind: answer.kind === 'response' ? 'success' : 'error', payload: answer.payload };
}
