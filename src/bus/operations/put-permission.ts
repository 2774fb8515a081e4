import { busArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import { busErrors } from '../bus-errors.js';
import { requireBus, writeBus } from '../bus-lookup.js';
import { wholePolicy, withGrant, type Grant } from '../bus-policy.js';
import { nonPartnerEventBusName } from '../validation/bus-shapes.js';
import { checkRequest } from '../validation/check-request.js';
import { required, string, structure } from '../validation/shapes.js';

interface PutPermissionInput {
  EventBusName?: string;
  Action?: string;
  Principal?: string;
  StatementId?: string;
  Condition?: { Type: string; Key: string; Value: string };
  Policy?: string;
}

const shape = structure({
  EventBusName: nonPartnerEventBusName,
  Action: string({ min: 1, max: 64, pattern: 'events:[a-zA-Z]+' }),
  Principal: string({ min: 1, max: 12, pattern: '(\\d{12}|\\*)' }),
  StatementId: string({ min: 1, max: 64, pattern: '[a-zA-Z0-9-_]+' }),
  Condition: structure({ Type: required(string()), Key: required(string()), Value: required(string()) }),
  Policy: string(),
});

/**
 * PutPermission: a whole policy (`Policy`, replacing the bus's), or one statement from Action,
 * Principal, StatementId and Condition. Stored and shown by DescribeEventBus; Eddy evaluates no
 * policy. The parameter messages are moto's (unconfirmed).
 */
export async function putPermission(ctx: BusContext, input: Record<string, unknown>): Promise<unknown> {
  const request = checkRequest<PutPermissionInput>(input, shape);
  const bus = await requireBus(ctx, request.EventBusName);
  let policy: (current: string | undefined) => string;
  if (request.Policy !== undefined) {
    const whole = wholePolicy(request.Policy);
    policy = () => whole;
  } else {
    const grant = grantOf(request, busArn(ctx.deployment, bus.name));
    policy = (current) => withGrant(current, grant);
  }
  await writeBus(ctx, bus.name, (current) => {
    if (!current) throw busErrors.busNotFound(bus.name);
    return { definition: { ...current.definition, Policy: policy(current.definition.Policy) }, result: undefined };
  });
  return {};
}

function grantOf(request: PutPermissionInput, resource: string): Grant {
  const { Principal, Condition, Action, StatementId } = request;
  if (Principal === undefined) throw busErrors.validation('Parameter Principal must be specified.');
  if (Condition !== undefined && Principal !== '*') {
    throw busErrors.validation("Value of the parameter 'principal' must be '*' when the parameter 'condition' is set.");
  }
  if (Action !== 'events:PutEvents') throw busErrors.validation("Provided value in parameter 'action' is not supported.");
  if (StatementId === undefined) throw busErrors.validation('Parameter StatementId must be specified.');
  return { sid: StatementId, action: Action, principal: Principal, resource, ...(Condition && { condition: Condition }) };
}
