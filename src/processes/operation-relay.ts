import type { Socket } from 'node:net';
import type { JsonService, RelayedOperation } from '../api/json-service.js';
import type { Logger } from '../shared/logger.js';
import { RawJson } from '../shared/raw-json.js';
import type { ServiceError } from '../shared/service-error.js';
import { FrameReader, FrameWriter } from './frames.js';
import type { RelayedServiceDescription } from './operation-runner.js';
import { callFrame, readAnswer, revivedError, type ServiceErrorData } from './relay-wire.js';

interface Pending {
  readonly resolve: (result: RawJson) => void;
  readonly reject: (error: ServiceError) => void;
  readonly unreachable: ServiceErrorData;
}

/**
 * A request process's side of the relay (operation-runner.ts has the other): passes an operation with its
 * body to the main process over the socket it was forked with and resolves with the result's JSON, or rejects
 * with the ServiceError the main process answered. Once the socket closes (the main process went away), every
 * call waiting and every later one fails with its service's internal error, the 5xx its clients retry.
 */
export class OperationRelay {
  readonly #writer: FrameWriter;
  readonly #pending = new Map<number, Pending>();
  readonly #logger: Logger;
  #next = 0;
  #closed = false;

  constructor(socket: Socket, logger: Logger) {
    this.#logger = logger;
    this.#writer = new FrameWriter(socket);
    const reader = new FrameReader((payload) => {
      const answer = readAnswer(payload);
      const pending = this.#pending.get(answer.id);
      if (pending === undefined) return;
      this.#pending.delete(answer.id);
      if (answer.failed) pending.reject(revivedError(JSON.parse(answer.json) as ServiceErrorData));
      else pending.resolve(new RawJson(answer.json));
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('error', (error) => logger.debug(`request process: the relay to the main process: ${error.message}`));
    socket.on('close', () => this.close());
  }

  call(target: string, body: { readonly text: string }, requestId: string, unreachable: ServiceErrorData): Promise<RawJson> {
    if (this.#closed) return Promise.reject(this.#unreachable(target, requestId, unreachable));
    const id = (this.#next = (this.#next + 1) >>> 0);
    return new Promise<RawJson>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, unreachable });
      this.#writer.write(callFrame(id, requestId, target, body.text));
    });
  }

  /** Fails the calls waiting, and every later one: the main process is gone, or this process stops. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending.size > 0) this.#logger.warn(`request process: the main process went away with ${this.#pending.size} operations unanswered`);
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      pending.reject(revivedError(pending.unreachable));
    }
  }

  #unreachable(target: string, requestId: string, error: ServiceErrorData): ServiceError {
    this.#logger.warn(`[${requestId}] request process: the main process is not there to run ${target}`);
    return revivedError(error);
  }
}

/**
 * The main process's JSON services as a request process serves them: each of their operations relayed to
 * it, except those `local` answers here (DynamoDB's reads).
 */
export function relayedServices(descriptions: readonly RelayedServiceDescription[], local: readonly JsonService[], relay: OperationRelay): JsonService[] {
  return descriptions.map((description) => {
    const here = local.find((service) => service.targetPrefix === description.targetPrefix);
    const relayed = new Map<string, RelayedOperation>();
    for (const name of description.operations) {
      if (here?.operations.has(name)) continue;
      const target = `${description.targetPrefix}.${name}`;
      relayed.set(name, (body, requestId) => relay.call(target, body, requestId, description.internalError));
    }
    const { tooDeep } = description;
    return {
      targetPrefix: description.targetPrefix,
      signingName: description.signingName,
      operations: here?.operations ?? new Map(),
      relayed,
      internalError: () => revivedError(description.internalError),
      ...(tooDeep !== undefined && { tooDeep: () => revivedError(tooDeep) }),
    };
  });
}
