import type { Clock } from '../../shared/clock.js';
import type { Deployment } from '../../shared/arns.js';
import type { BusStore, StoredDelivery } from '../../storage/bus-store.js';
import { apiDestinationOfArn } from '../bus-arns.js';
import type { ApiDestinationDefinition, TargetDefinition } from '../bus-documents.js';
import { callEndpoint, HttpCallError, type HttpAnswer, type HttpClient } from '../connections/http-client.js';
import { connectionByArn } from '../connections/connection-lookup.js';
import type { OAuthTokens } from '../connections/oauth-tokens.js';
import { apiDestinationRequest, type ApiDestinationRequest } from './api-destination-request.js';
import { failureOfAnswer, failureOfCall } from './api-destination-outcome.js';
import { credentialsOf } from './connection-credentials.js';
import type { DeliveryTarget } from './delivery-target.js';
import { DeliveryDeferred, deliveryFailures } from './delivery-failure.js';
import type { InvocationRates } from './invocation-rate.js';
import type { TargetKind } from './target-kind.js';

export interface ApiDestinationDeps {
  readonly store: BusStore;
  readonly deployment: Deployment;
  readonly clock: Clock;
  readonly http: HttpClient;
  readonly tokens: OAuthTokens;
  readonly rates: InvocationRates;
}

/**
 * API destination targets: an HTTP call to the destination's endpoint with its method, the payload as
 * the body (api-destination-request.ts) and its connection's authorization (connection-credentials.ts).
 * The destination and its connection are read when the delivery is attempted, so an update applies to
 * deliveries already waiting; one deleted, or deleted and created again (a new ARN), is NO_RESOURCE.
 * A call beyond InvocationRateLimitPerSecond is deferred to its slot (invocation-rate.ts), not
 * attempted. The answer decides the outcome (api-destination-outcome.ts); a 401 or 407 on an OAuth
 * connection also drops its token, so the retry fetches a new one ("We recommend you set the retry
 * policy to greater than 0 … EventBridge will refresh the token when retrying", user guide).
 */
export function apiDestinationTarget(deps: ApiDestinationDeps): TargetKind {
  return {
    name: 'api-destination',
    accepts: isApiDestinationArn,
    async deliver(delivery: StoredDelivery, target: DeliveryTarget): Promise<void> {
      await callApiDestination(deps, { arn: target.target.Arn, http: target.target.HttpParameters, payload: delivery.payload, callId: delivery.id });
    },
  };
}

export const isApiDestinationArn = (arn: string): boolean => /^arn:aws[\w-]*:events:[^:]*:[^:]*:api-destination\//.test(arn);

/** One call to an API destination: what a bus target or a pipe (target or enrichment) sends. */
export interface ApiDestinationCall {
  readonly arn: string;
  /** The target's (or pipe's) HttpParameters: path values, headers, query parameters. */
  readonly http: TargetDefinition['HttpParameters'];
  readonly payload: string;
  /** Names the call to the invocation rate: a deferred call coming back at its slot goes without taking another. */
  readonly callId: string;
  /** Read the answer's body (an enrichment's result); a target's is discarded. */
  readonly readBody?: boolean;
}

/**
 * Calls an API destination as described above; resolves with its 2xx answer, throws a DeliveryFailure
 * (what the answer or the missing call means, retriable or not) or a DeliveryDeferred (the rate is used up).
 */
export async function callApiDestination(deps: ApiDestinationDeps, call: ApiDestinationCall): Promise<HttpAnswer> {
  const { arn } = call;
  const named = apiDestinationOfArn(deps.deployment, arn);
  const destination = named && (await deps.store.getDocument<ApiDestinationDefinition>('api-destination', '', named.name));
  if (!destination || destination.definition.id !== named?.id) throw deliveryFailures.noResource(`API destination not found: ${arn}`);
  const { ConnectionArn, InvocationRateLimitPerSecond: rate } = destination.definition;
  const connection = await connectionByArn(deps.store, deps.deployment, ConnectionArn);
  if (!connection) throw deliveryFailures.noResource(`The connection of API destination ${destination.name} does not exist: ${ConnectionArn}`);

  const slot = deps.rates.admit(arn, rate, call.callId, deps.clock.now());
  if (slot !== undefined) {
    throw new DeliveryDeferred(slot, 'THROTTLING', `API destination ${destination.name} is at its invocation rate limit (${rate} a second).`);
  }
  const credentials = await credentialsOf(connection, deps.tokens);
  const request = build(() =>
    apiDestinationRequest(destination.definition, call.http, connection.definition.AuthParameters?.InvocationHttpParameters, credentials.headers, call.payload),
  );
  const answer = await send(deps.http, request, call.readBody ?? false);
  const failure = failureOfAnswer(answer);
  if (failure && credentials.token && (answer.status === 401 || answer.status === 407)) await deps.tokens.forget(connection, credentials.token);
  if (failure) throw failure;
  return answer;
}

/** A request that cannot be made (a header value that is no HTTP text, say) fails the same way every time: INVALID_PARAMETER. */
function build(make: () => ApiDestinationRequest): ApiDestinationRequest {
  try {
    return make();
  } catch (error) {
    throw deliveryFailures.invalidParameter(`The request to the API destination cannot be made: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function send(http: HttpClient, request: ApiDestinationRequest, readBody: boolean): Promise<HttpAnswer> {
  try {
    return await callEndpoint(http, request.url, { method: request.method, headers: request.headers, ...(request.body !== undefined && { body: request.body }) }, readBody);
  } catch (error) {
    throw error instanceof HttpCallError ? failureOfCall(error) : error;
  }
}
