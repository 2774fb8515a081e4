import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../shared/logger.js';
import type { ReservedPort } from '../shared/reserved-port.js';
import { ProcessReports, type ProcessReportsTarget } from './process-reports.js';
import type { JsonService } from '../api/json-service.js';
import { OperationRunner } from './operation-runner.js';
import { RELAY_FD, REQUEST_PROCESS_COMMAND, type FromRequestProcess, type RequestProcessSetup, type ToRequestProcess } from './process-messages.js';

/** A request process that ends sooner than this after its start is started again only after a pause (a crash at start must not spin). */
const SHORT_LIFE_MS = 1_000;
/** How long a stopping request process may take to finish its requests before it is killed. */
const STOP_GRACE_MS = 10_000;

/**
 * The `eddy` entry a request process runs: the command line's, so that it loads through the same loader (the
 * bundle and its code cache, load-command-line.ts). From dist/ it is dist/cli/eddy.js beside. Run from src/
 * (tsx, or the tests' transpile, which keeps the sources' URLs) it is the checkout's built command when there is
 * one, else src/cli/eddy.ts, which a forked process runs through tsx as it inherits node's flags.
 */
function entryScript(): string {
  const beside = fileURLToPath(new URL('../cli/eddy.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/cli/eddy.js', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../cli/eddy.ts', import.meta.url));
}

/**
 * The primary's side of `--processes N`: N request processes (child_process.fork), restarted when one dies.
 * The primary accepts each connection on the public port and hands it, in turn, to a request process, which
 * serves it from then on. Processes accepting from one shared socket themselves would save the primary that
 * work (an accept and a handle sent, once a connection), but Linux then gives a burst of new connections to
 * whichever process wakes first: 26 of 32 to one of two, measured. node:cluster balances the same way (its
 * round-robin mode); it is not used because its workers ask the primary for the port by address, where here
 * the port is the socket Eddy bound before starting (ReservedPort: a busy port fails the start, and clients
 * that connect early wait until a request process serves them).
 */
export class RequestProcesses {
  readonly #logger: Logger;
  // noDelay as node:http's own servers have it: the socket keeps the option in the request process, and without it
  // an answer written in two parts waits for the client's delayed acknowledgement (40 ms).
  readonly #relay: Server = createServer({ pauseOnConnect: true, noDelay: true });
  /** Each request process running, with its start: resolved once it serves. */
  readonly #processes = new Map<ChildProcess, Promise<void>>();
  readonly #ready: ChildProcess[] = [];
  readonly #waiting: Socket[] = [];
  #setup: RequestProcessSetup | undefined;
  /** What request processes report besides their start (process-reports.ts): kept nowhere until reportTo(). */
  #reports: ProcessReports | undefined;
  /** Runs the operations request processes relay here, each over the socket pair it was forked with. */
  #runner: OperationRunner | undefined;
  #next = 0;
  #stopped: Promise<void> | undefined;

  private constructor(logger: Logger) {
    this.#logger = logger;
    this.#relay.on('connection', (socket) => this.#pass(socket));
  }

  /**
   * Forks `count` request processes as the start begins: they load Eddy's code while this process opens its
   * storage and applies its config, and wait to be told where to serve (serve()).
   */
  static fork(count: number, logger: Logger): RequestProcesses {
    const processes = new RequestProcesses(logger);
    for (let i = 0; i < count; i++) processes.#spawn();
    return processes;
  }

  /**
   * Takes `port` over and has every request process serve it, relaying the operations of `services` they do
   * not answer themselves to this process; resolves once each of them serves.
   */
  async serve(port: ReservedPort, served: Omit<RequestProcessSetup, 'relayed'>, services: readonly JsonService[]): Promise<void> {
    const runner = new OperationRunner(services, this.#logger);
    const setup = { ...served, relayed: runner.descriptions() };
    this.#setup = setup;
    this.#runner = runner;
    await port.handOver(this.#relay);
    for (const child of this.#processes.keys()) {
      runner.serve(relaySocket(child));
      if (child.connected) child.send({ kind: 'setup', setup } satisfies ToRequestProcess);
    }
    await Promise.all(this.#processes.values());
  }

  /** Has the request processes' reports (their requests' metrics, the backfills they name) go to `target`. */
  reportTo(target: ProcessReportsTarget): void {
    this.#reports = new ProcessReports(target, () => this.#ready);
  }

  /**
   * Stops accepting, and asks each request process to finish what it serves and exit. Requests they passed to
   * the primary are in flight there: the primary answers them as it stops (long polls end), then they exit.
   */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#relay.close();
      for (const socket of this.#waiting.splice(0)) socket.destroy();
      await Promise.all([...this.#processes.keys()].map((child) => this.#stopOne(child)));
    })();
    return this.#stopped;
  }

  #spawn(): Promise<void> {
    const started = performance.now();
    // Its relay (fd 4): a socket pair, as libuv makes a 'pipe', both ends readable and writable.
    const child = fork(entryScript(), [REQUEST_PROCESS_COMMAND], { stdio: ['ignore', 'inherit', 'inherit', 'ipc', 'pipe'] });
    this.#runner?.serve(relaySocket(child));
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: FromRequestProcess) => {
        if (message.kind === 'loaded') {
          if (this.#setup !== undefined) child.send({ kind: 'setup', setup: this.#setup } satisfies ToRequestProcess);
        } else if (message.kind === 'ready') {
          this.#ready.push(child);
          for (const socket of this.#waiting.splice(0)) this.#pass(socket);
          resolve();
        } else if (message.kind === 'failed') reject(new Error(`a request process could not start: ${message.message}`));
        else this.#reports?.received(child, message);
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`a request process exited before it was ready (${signal ?? `code ${code}`})`));
        this.#reports?.exited(child);
        this.#exited(child, code, signal, performance.now() - started);
      });
    });
    ready.catch(() => undefined); // awaited by serve(), or by the restart that made it
    this.#processes.set(child, ready);
    return ready;
  }

  #exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, livedMs: number): void {
    if (this.#setup === undefined && this.#stopped === undefined) return; // kept: serve() reports its failed start
    this.#processes.delete(child);
    const at = this.#ready.indexOf(child);
    if (at >= 0) this.#ready.splice(at, 1);
    if (this.#stopped !== undefined) return;
    this.#logger.warn(`eddy: request process ${child.pid} exited (${signal ?? `code ${code}`}); starting another`);
    const again = () => {
      if (this.#stopped !== undefined) return;
      this.#spawn().catch((error: unknown) => this.#logger.error('eddy: a request process did not start', error));
    };
    if (livedMs >= SHORT_LIFE_MS) again();
    else setTimeout(again, SHORT_LIFE_MS).unref();
  }

  /** A connection the primary accepted: to the next request process that accepts, in turn. */
  #pass(socket: Socket): void {
    if (this.#ready.length === 0) {
      if (this.#stopped !== undefined) socket.destroy();
      else this.#waiting.push(socket);
      return;
    }
    const child = this.#ready[this.#next++ % this.#ready.length]!;
    child.send({ kind: 'connection' } satisfies ToRequestProcess, socket, (error) => {
      if (error) socket.destroy();
    });
  }

  #stopOne(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.connected) child.send({ kind: 'stop' } satisfies ToRequestProcess);
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    return exited.finally(() => clearTimeout(kill));
  }
}

function relaySocket(child: ChildProcess): Socket {
  return child.stdio[RELAY_FD] as Socket;
}
