import { ServiceError } from '../../shared/service-error.js';

/** What a request was doing, in EventBridge's "Failed to <action> the connection(s)." prefix. */
export type Action = 'create' | 'describe' | 'update' | 'delete' | 'deauthorize' | 'list';

const error = (type: string, message: string): ServiceError => new ServiceError(type, message, 400);

/**
 * EventBridge's errors for connections and API destinations (the rest of the bus's are in
 * bus-errors.ts). EventBridge words them "Failed to <action> the connection(s). …" and "Failed to
 * <action> the api-destination(s). …": observed for DescribeConnection's and DescribeApiDestination's
 * ResourceNotFoundException and CreateApiDestination's endpoint check (LocalStack's AWS-validated
 * snapshots, a CloudFormation failure quoted in public code); the other actions' prefixes and the
 * messages marked so are unconfirmed.
 */
export const connectionErrors = {
  connectionNotFound: (name: string, action: Action) =>
    error('ResourceNotFoundException', `Failed to ${action} the connection(s). Connection '${name}' does not exist.`),
  /** LocalStack's wording (unconfirmed). */
  connectionExists: (name: string) => error('ResourceAlreadyExistsException', `Connection ${name} already exists.`),
  /** AuthParameters that do not fit AuthorizationType (wording ours). */
  authParameters: (action: Action, reason: string) =>
    error('ValidationException', `Failed to ${action} the connection(s). Parameter AuthParameters is not valid. Reason: ${reason}`),
  /** An AuthorizationEndpoint that is no http(s) URL (wording modelled on InvocationEndpoint's, unconfirmed). */
  invalidAuthorizationEndpoint: (action: Action, endpoint: string) =>
    error(
      'ValidationException',
      `Failed to ${action} the connection(s). Parameter AuthorizationEndpoint is not valid. Reason: Endpoint '${endpoint}' is invalid, please provide a valid HTTPS endpoint URL.`,
    ),
  apiDestinationNotFound: (name: string, action: Action) =>
    error('ResourceNotFoundException', `Failed to ${action} the api-destination(s). An api-destination '${name}' does not exist.`),
  /** Unconfirmed. */
  apiDestinationExists: (name: string) =>
    error('ResourceAlreadyExistsException', `Failed to create the api-destination(s). An api-destination '${name}' already exists.`),
  /** A ConnectionArn naming no connection of this deployment (unconfirmed). */
  destinationConnectionNotFound: (arn: string, action: Action) =>
    error('ResourceNotFoundException', `Failed to ${action} the api-destination(s). Connection '${arn}' does not exist.`),
  /** Observed for an http:// endpoint on AWS, which takes HTTPS only; Eddy also takes http:// (local servers). */
  invalidInvocationEndpoint: (action: Action, endpoint: string) =>
    error(
      'ValidationException',
      `Failed to ${action} the api-destination(s). Parameter InvocationEndpoint is not valid. Reason: Endpoint '${endpoint}' is invalid, please provide a valid HTTPS endpoint URL.`,
    ),
  /** Over the default quota of 300 invocations a second per destination (wording unconfirmed). */
  rateTooHigh: (action: Action, name: string, rate: number) =>
    error(
      'LimitExceededException',
      `Failed to ${action} the api-destination(s). Invalid Invocation Rate Limit: Rate specified '${rate}' for '${name}' exceeds maximum allowed of '300'.`,
    ),
  /** ListApiDestinations takes one filter (wording unconfirmed). */
  oneDestinationFilter: () =>
    error(
      'ValidationException',
      'Failed to list the api-destination(s). Request failed because only one filter is supported per request, either ConnectionArn or NamePrefix.',
    ),
};
