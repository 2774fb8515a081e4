import type { Deployment } from '../../shared/arns.js';
import { apiDestinationArn, connectionArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import { epochSeconds } from '../bus-views.js';
import { publicAuthParameters } from './connection-auth.js';
import { apiDestinationState, type ApiDestination, type Connection } from './connection-lookup.js';

export const arnOfConnection = (d: Deployment, connection: Connection): string => connectionArn(d, connection.name, connection.definition.id);

export const arnOfApiDestination = (d: Deployment, destination: ApiDestination): string =>
  apiDestinationArn(d, destination.name, destination.definition.id);

/**
 * Where the connection's secrets would be on AWS (observed shape: `secret:events!connection/<name>/<uuid>-<suffix>`).
 * Eddy keeps them in the connection and serves no Secrets Manager: the ARN names nothing.
 */
const secretArn = (d: Deployment, connection: Connection, secretId: string): string =>
  `arn:aws:secretsmanager:${d.region}:${d.account}:secret:events!connection/${connection.name}/${secretId}`;

/** What Create, Update, Delete and DeauthorizeConnection answer (Create has no LastAuthorizedTime), with `state` as the answer's. */
export function connectionAnswer(ctx: BusContext, connection: Connection, state = connection.definition.ConnectionState, withAuthorized = true): Record<string, unknown> {
  const { LastAuthorizedTime } = connection.definition;
  return {
    ConnectionArn: arnOfConnection(ctx.deployment, connection),
    ConnectionState: state,
    CreationTime: epochSeconds(connection.createdAt),
    LastModifiedTime: epochSeconds(connection.definition.modifiedAt),
    ...(withAuthorized && LastAuthorizedTime !== undefined && { LastAuthorizedTime: epochSeconds(LastAuthorizedTime) }),
  };
}

/** A connection as ListConnections shows it. */
export function connectionSummary(ctx: BusContext, connection: Connection): Record<string, unknown> {
  const { ConnectionState, StateReason, AuthorizationType, modifiedAt, LastAuthorizedTime } = connection.definition;
  return {
    ConnectionArn: arnOfConnection(ctx.deployment, connection),
    Name: connection.name,
    ConnectionState,
    ...(StateReason !== undefined && { StateReason }),
    AuthorizationType,
    CreationTime: epochSeconds(connection.createdAt),
    LastModifiedTime: epochSeconds(modifiedAt),
    ...(LastAuthorizedTime !== undefined && { LastAuthorizedTime: epochSeconds(LastAuthorizedTime) }),
  };
}

/** A connection as DescribeConnection shows it, members in the model's order, secrets left out. */
export function connectionDescription(ctx: BusContext, connection: Connection): Record<string, unknown> {
  const d = connection.definition;
  return {
    ConnectionArn: arnOfConnection(ctx.deployment, connection),
    Name: connection.name,
    ...(d.Description !== undefined && { Description: d.Description }),
    ...(d.InvocationConnectivityParameters !== undefined && { InvocationConnectivityParameters: d.InvocationConnectivityParameters }),
    ConnectionState: d.ConnectionState,
    ...(d.StateReason !== undefined && { StateReason: d.StateReason }),
    AuthorizationType: d.AuthorizationType,
    ...(d.secretId !== undefined && { SecretArn: secretArn(ctx.deployment, connection, d.secretId) }),
    ...(d.KmsKeyIdentifier !== undefined && { KmsKeyIdentifier: d.KmsKeyIdentifier }),
    ...(d.AuthParameters !== undefined && { AuthParameters: publicAuthParameters(d.AuthParameters) }),
    CreationTime: epochSeconds(connection.createdAt),
    LastModifiedTime: epochSeconds(d.modifiedAt),
    ...(d.LastAuthorizedTime !== undefined && { LastAuthorizedTime: epochSeconds(d.LastAuthorizedTime) }),
  };
}

/** An API destination as ListApiDestinations shows it (DescribeApiDestination adds its Description). */
export async function apiDestinationSummary(ctx: BusContext, destination: ApiDestination, withDescription = false): Promise<Record<string, unknown>> {
  const d = destination.definition;
  return {
    ApiDestinationArn: arnOfApiDestination(ctx.deployment, destination),
    Name: destination.name,
    ...(withDescription && d.Description !== undefined && { Description: d.Description }),
    ApiDestinationState: await apiDestinationState(ctx, d),
    ConnectionArn: d.ConnectionArn,
    InvocationEndpoint: d.InvocationEndpoint,
    HttpMethod: d.HttpMethod,
    InvocationRateLimitPerSecond: d.InvocationRateLimitPerSecond,
    CreationTime: epochSeconds(destination.createdAt),
    LastModifiedTime: epochSeconds(destination.modifiedAt),
  };
}

/** What Create and UpdateApiDestination answer. */
export async function apiDestinationAnswer(ctx: BusContext, destination: ApiDestination): Promise<Record<string, unknown>> {
  return {
    ApiDestinationArn: arnOfApiDestination(ctx.deployment, destination),
    ApiDestinationState: await apiDestinationState(ctx, destination.definition),
    CreationTime: epochSeconds(destination.createdAt),
    LastModifiedTime: epochSeconds(destination.modifiedAt),
  };
}
