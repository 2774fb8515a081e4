import type { BusContext } from '../bus-context.js';
import { isHttpEndpoint } from './connection-auth.js';
import { connectionErrors, type Action } from './connection-errors.js';
import { connectionByArn } from './connection-lookup.js';

/** InvocationRateLimitPerSecond's quota per destination (AWS's default; raising it is a quota request there). */
export const MAX_INVOCATION_RATE = 300;

/** What Create and UpdateApiDestination check once the model's constraints hold: endpoint, rate, connection. */
export async function checkApiDestination(
  ctx: BusContext,
  action: Action,
  name: string,
  given: { InvocationEndpoint?: string; InvocationRateLimitPerSecond?: number; ConnectionArn?: string },
): Promise<void> {
  const { InvocationEndpoint, InvocationRateLimitPerSecond, ConnectionArn } = given;
  if (InvocationEndpoint !== undefined && !isHttpEndpoint(InvocationEndpoint)) throw connectionErrors.invalidInvocationEndpoint(action, InvocationEndpoint);
  if (InvocationRateLimitPerSecond !== undefined && InvocationRateLimitPerSecond > MAX_INVOCATION_RATE) {
    throw connectionErrors.rateTooHigh(action, name, InvocationRateLimitPerSecond);
  }
  if (ConnectionArn !== undefined && !(await connectionByArn(ctx.store, ctx.deployment, ConnectionArn))) {
    throw connectionErrors.destinationConnectionNotFound(ConnectionArn, action);
  }
}
