import { Socket, type AddressInfo, type Server as NetServer } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { HttpServer } from '../api/http-server.js';
import { consoleAccess } from '../api/console/console-access.js';
import { SigV4Verifier } from '../api/sigv4/sigv4-verifier.js';
import { systemClock } from '../shared/clock.js';
import { atLevel, consoleLogger, type Logger } from '../shared/logger.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { RequestMetrics, type OperationCounts } from '../metrics/request-metrics.js';
import type { StorageEngine } from '../storage/engine.js';
import { localReads, servesLocally } from './local-reads.js';
import { OperationRelay, relayedServices } from './operation-relay.js';
import { RELAY_FD, type FromRequestProcess, type RequestProcessSetup, type ToRequestProcess } from './process-messages.js';
import { RequestForwarder } from './request-forwarder.js';

/**
 * A request process (`eddy start --processes N`): serves the connections the primary hands it, answers
 * DynamoDB's item reads from its own storage connection through the same HttpServer the primary runs
 * (signatures, CORS, validation, errors: the same code), has the primary run the other operations of its JSON
 * services (a relay: the operation and its body, no second HTTP request), and passes every other request to
 * the primary's HTTP listener.
 * It runs nothing in the background. It lives as long as its IPC channel: when the primary goes, even by
 * kill -9, the channel closes and this process exits once what waited on the primary is answered with an error,
 * within LEAVE_GRACE_MS (the port, which only the primary holds, goes with the primary).
 */
export async function runRequestProcess(): Promise<number> {
  if (!process.send) {
    process.stderr.write('eddy: this command is run by `eddy start --processes N`, not by hand\n');
    return 2;
  }
  let leave: () => void = () => process.exit(0);
  process.on('disconnect', () => leave());
  // Ctrl-C reaches the whole process group: the primary decides when its request processes stop.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => undefined);
  const setup = await new Promise<RequestProcessSetup>((resolve) => {
    process.once('message', (message: ToRequestProcess) => {
      if (message.kind === 'setup') resolve(message.setup);
      else process.exit(0); // stopped before it served: the main process's start failed, or it stops
    });
    process.send!({ kind: 'loaded' } satisfies FromRequestProcess); // a message sent before the listener was there would be lost
  });
  let running: RunningFront;
  try {
    running = await serve(setup);
  } catch (error) {
    process.send({ kind: 'failed', message: (error as Error).stack ?? String(error) } satisfies FromRequestProcess, () => process.exit(1));
    return -1; // exits once the primary has the reason
  }
  process.on('message', (message: ToRequestProcess, handle: unknown) => {
    if (message.kind === 'connection') running.accept(handle as Socket);
    else if (message.kind === 'stop') void running.stop().then(() => process.exit(0));
    else if (message.kind === 'metrics') process.send!({ kind: 'metrics', operations: running.takeCounts() } satisfies FromRequestProcess);
  });
  // The primary gone (even by kill -9): the operations relayed to it fail with their service's 5xx, which goes
  // out before this process exits; requests passed to its HTTP listener fail as that closes.
  leave = () => {
    setTimeout(() => process.exit(0), LEAVE_GRACE_MS);
    void running.abandon().then(() => process.exit(0));
  };
  process.send({ kind: 'ready' } satisfies FromRequestProcess);
  return -1; // keeps running
}

/** How long a request process whose primary went away may take to answer what it was serving. */
const LEAVE_GRACE_MS = 2_000;

interface RunningFront {
  accept(socket: Socket): void;
  /** The requests answered here since the last call (process-reports.ts: the primary's metrics add them). */
  takeCounts(): OperationCounts[];
  stop(): Promise<void>;
  /** Fails what waits on the primary, then stops. */
  abandon(): Promise<void>;
}

async function serve(setup: RequestProcessSetup): Promise<RunningFront> {
  const logger: Logger = atLevel(consoleLogger, setup.debug ? 'debug' : 'info');
  const { openReadingStorage } = await import('./reading-storage.js');
  const engine: StorageEngine = await openReadingStorage(setup.storage, () => systemClock.now());
  const signatures = new SigV4Verifier(setup.credentials, systemClock, setup.region);
  const forwarder = new RequestForwarder(setup.primary, logger);
  const requests = new RequestMetrics(new MetricsRegistry()); // this process's answers, which the primary's scrapes ask for
  const relay = new OperationRelay(new Socket({ fd: RELAY_FD, readable: true, writable: true }), logger);
  const services = relayedServices(setup.relayed, [localReads(engine, { region: setup.region, account: setup.account }, (table) => process.send!({ kind: 'backfills', table } satisfies FromRequestProcess))], relay);
  const relayedTargets = new Set(services.flatMap((service) => [...service.relayed!.keys()].map((name) => `${service.targetPrefix}.${name}`)));
  const front = new HttpServer({
    services,
    forward: (req: IncomingMessage, res) => {
      if (servesLocally(req) || relayedHere(req, relayedTargets)) return false;
      requests.forwarded(res); // counted by the primary, which answers it
      forwarder.forward(req, res);
      return true;
    },
    signatures,
    consoleAccess: consoleAccess({ bound: setup.host, names: setup.consoleHosts, store: engine.maintenance, wall: systemClock, keys: signatures }),
    logger,
    healthText: '', // GET / goes to the primary
    metrics: { requests, scrape: () => Promise.resolve('') }, // GET /_eddy/metrics goes to the primary, which asks for these
    ...(setup.requestTimeoutMs !== undefined && { requestTimeoutMs: setup.requestTimeoutMs }),
    ...(setup.corsOrigins !== undefined && { corsOrigins: setup.corsOrigins }),
  });
  let http: NetServer | undefined;
  // Its clients come from the primary, socket by socket; node:http tracks connections (request timeouts,
  // closing idle ones) only in a server that listens, so it listens too, on a loopback port no one is told.
  await front.listenOn({
    handOver: (server) =>
      new Promise((resolve, reject) => {
        http = server;
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
  });
  return {
    // A connection the primary accepted on the public port: served here as if accepted here.
    takeCounts: () => requests.take(),
    accept: (socket) => {
      http!.emit('connection', socket);
      socket.resume();
    },
    stop: async () => {
      await front.close();
      relay.close();
      forwarder.close();
      await engine.close();
    },
    abandon: async () => {
      relay.close();
      await front.close();
      forwarder.close();
    },
  };
}

/** Whether a request is one whose operation the primary runs over the relay: the plain shape, as servesLocally's. */
function relayedHere(req: IncomingMessage, targets: ReadonlySet<string>): boolean {
  const target = req.headers['x-amz-target'];
  return req.method === 'POST' && req.url === '/' && typeof target === 'string' && targets.has(target);
}
