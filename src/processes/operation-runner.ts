import type { Socket } from 'node:net';
import { parseBody } from '../api/http-server.js';
import type { JsonService } from '../api/json-service.js';
import type { Logger } from '../shared/logger.js';
import { RawJson } from '../shared/raw-json.js';
import { ServiceError, coralErrors } from '../shared/service-error.js';
import { FrameReader, FrameWriter } from './frames.js';
import { answerFrame, errorData, readCall, type RelayedCall, type ServiceErrorData } from './relay-wire.js';

/** What a request process needs to know of one of the main process's JSON services to relay its operations. */
export interface RelayedServiceDescription {
  readonly targetPrefix: string;
  readonly signingName: string;
  readonly operations: readonly string[];
  readonly internalError: ServiceErrorData;
  readonly tooDeep?: ServiceErrorData;
}

/**
 * The main process's side of the relay: runs the JSON operations request processes pass it, each over the
 * socket its request process was forked with. A call arrives as the request process read it (signature
 * checked, body whole): here it is parsed and run by the same code HttpServer runs, and its result or
 * ServiceError goes back as JSON for the request process to write out as HttpServer would.
 */
export class OperationRunner {
  readonly #services = new Map<string, JsonService>();
  readonly #logger: Logger;

  constructor(services: readonly JsonService[], logger: Logger) {
    for (const service of services) this.#services.set(service.targetPrefix, service);
    this.#logger = logger;
  }

  /** The services as request processes relay them. */
  descriptions(): RelayedServiceDescription[] {
    return [...this.#services.values()].map((service) => {
      const tooDeep = service.tooDeep?.();
      return {
        targetPrefix: service.targetPrefix,
        signingName: service.signingName,
        operations: [...service.operations.keys()],
        internalError: errorData(service.internalError()),
        ...(tooDeep !== undefined && { tooDeep: errorData(tooDeep) }),
      };
    });
  }

  /** Answers the calls arriving on `socket` until it closes (its request process exited). */
  serve(socket: Socket): void {
    const writer = new FrameWriter(socket);
    const reader = new FrameReader((payload) => {
      const call = readCall(payload);
      void this.#run(call).then(([failed, json]) => writer.write(answerFrame(call.id, failed, json)));
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (error) => this.#logger.debug(`eddy: a request process's relay: ${error.message}`));
  }

  /** [failed, JSON]: the result, or the error the request process answers with. */
  async #run(call: RelayedCall): Promise<[boolean, string]> {
    const dot = call.target.indexOf('.');
    const service = this.#services.get(call.target.slice(0, dot));
    try {
      const operation = service?.operations.get(call.target.slice(dot + 1));
      if (!service || !operation) throw coralErrors.unknownOperation();
      const result = await operation(parseBody(call.body, service));
      return [false, result instanceof RawJson ? result.text : JSON.stringify(result ?? {})];
    } catch (error) {
      if (error instanceof ServiceError) return [true, JSON.stringify(errorData(error))];
      this.#logger.error(`[${call.requestId}] internal error in ${service?.targetPrefix ?? 'an unknown service'}`, error);
      return [true, JSON.stringify(errorData(service ? service.internalError() : new ServiceError('InternalFailure', 'Internal error', 500)))];
    }
  }
}
