import { callApiDestination, type ApiDestinationDeps } from '../../bus/delivery/api-destination-target.js';
import { DeliveryDeferred, DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import type { TargetDefinition } from '../../bus/bus-documents.js';
import { randomUuid } from '../../shared/random-uuid.js';
import type { InvokeOutcome } from '../../triggers/batch-processor.js';
import type { PipeDefinition } from '../pipe-definition.js';
import { TargetRefusedError, type EntrySender } from './pipe-targets.js';

/** What a pipe needs to call API destinations: the bus's own call (api-destination-target.ts), its store, connections, tokens and rates. */
export type PipeApiDestinations = ApiDestinationDeps;

type HttpParameters = TargetDefinition['HttpParameters'];

const httpOf = (params: Record<string, unknown> | undefined): HttpParameters => params?.['HttpParameters'] as HttpParameters;

/**
 * One call, as the bus makes it, waiting out the invocation rate: a call beyond
 * InvocationRateLimitPerSecond holds its batch until its slot (a pipe's batch is ordered, so it cannot
 * go ahead of it as a bus delivery does), then goes without taking another slot. The wait is real time
 * to the slot on Eddy's clock, rechecked after each wait.
 */
async function call(deps: ApiDestinationDeps, arn: string, http: HttpParameters, payload: string, readBody: boolean): Promise<string> {
  const callId = randomUuid();
  for (;;) {
    try {
      const answer = await callApiDestination(deps, { arn, http, payload, callId, readBody });
      return answer.body ?? '';
    } catch (error) {
      if (!(error instanceof DeliveryDeferred)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, Math.max(1, error.until - deps.clock.now()))));
    }
  }
}

/**
 * An API destination target (SEMANTICS C.10.2): one call per entry, in order, the entry's payload as the
 * body, TargetParameters.HttpParameters with the connection's parameters over them. A call that fails
 * (an answer that is not 2xx, none at all, a destination or connection gone) refuses the entry: a
 * customer error, counted toward MaximumRetryAttempts and then dead-lettered, as a function error is.
 * (Pipes retries connection failures without counting; Eddy counts every failed call, so an endpoint
 * that stays down ends in the dead-letter queue rather than holding the shard for good.)
 */
export function apiDestinationSender(deps: ApiDestinationDeps, pipe: PipeDefinition): EntrySender {
  const http = httpOf(pipe.TargetParameters);
  return async (entries) => {
    for (const [index, entry] of entries.entries()) {
      try {
        await call(deps, pipe.Target, http, entry.payload, false);
      } catch (error) {
        if (error instanceof DeliveryFailure) throw new TargetRefusedError(index, `${error.code}: ${error.message}`, persistent(error));
        throw error;
      }
    }
  };
}

/** An enrichment's answer; `missing` when it failed because the API destination (or its connection) is gone or answered 4xx other than 429. */
export type EnrichmentOutcome = InvokeOutcome & { readonly missing?: boolean };

/** An enrichment's call: its inputs (each record through EnrichmentParameters.InputTemplate, as JSON) in, its answer out. */
export type EnrichmentCall = (inputs: readonly string[], attempt: number) => Promise<EnrichmentOutcome>;

/**
 * A failed call that will fail the same way next time, which counts toward stopping the pipe
 * (pipe-execution.ts): the destination or its connection deleted (NO_RESOURCE), or an answer 4xx other
 * than 429 (failureOfAnswer's message names the status).
 */
const persistent = (error: DeliveryFailure): boolean =>
  error.code === 'NO_RESOURCE' || (error.code === 'SDK_CLIENT_ERROR' && /The endpoint answered 4(?!29)\d\d/.test(error.message));

/**
 * Enrichment by an API destination (SEMANTICS C.10.2): an API destination takes no batches (so the
 * pipe's batch size is 1, checked at create), the one input is the request body — several, should a
 * batch carry more, go as a JSON array — with EnrichmentParameters.HttpParameters; the answer's body is
 * what the pipe passes on, read as a function enrichment's answer is. A failed call is a failed
 * delivery of the batch (counted, retried, dead-lettered by the trigger loop).
 */
export function apiDestinationEnrichment(deps: ApiDestinationDeps, pipe: PipeDefinition): EnrichmentCall {
  const http = httpOf(pipe.EnrichmentParameters);
  const arn = pipe.Enrichment!;
  return async (inputs) => {
    const requestId = randomUuid();
    const payload = inputs.length === 1 ? inputs[0]! : `[${inputs.join(',')}]`;
    try {
      return { requestId, payload: await call(deps, arn, http, payload, true) };
    } catch (error) {
      if (!(error instanceof DeliveryFailure)) throw error;
      const payload = JSON.stringify({ errorType: 'PipeEnrichmentError', errorMessage: `${error.code}: ${error.message}` });
      return { requestId, functionError: 'Unhandled', payload, missing: persistent(error) };
    }
  };
}
