import type { BusDocument, BusStore } from '../../storage/bus-store.js';
import type { Deployment } from '../../shared/arns.js';
import { connectionOfArn } from '../bus-arns.js';
import type { BusContext } from '../bus-context.js';
import type { ApiDestinationDefinition, ConnectionDefinition } from '../bus-documents.js';
import { connectionErrors, type Action } from './connection-errors.js';

export type Connection = BusDocument<ConnectionDefinition>;
export type ApiDestination = BusDocument<ApiDestinationDefinition>;

export async function requireConnection(ctx: BusContext, name: string, action: Action): Promise<Connection> {
  const connection = await ctx.store.getDocument<ConnectionDefinition>('connection', '', name);
  if (!connection) throw connectionErrors.connectionNotFound(name, action);
  return connection;
}

export async function requireApiDestination(ctx: BusContext, name: string, action: Action): Promise<ApiDestination> {
  const destination = await ctx.store.getDocument<ApiDestinationDefinition>('api-destination', '', name);
  if (!destination) throw connectionErrors.apiDestinationNotFound(name, action);
  return destination;
}

/**
 * The connection a ConnectionArn names, or undefined: an ARN of another account or region, of a
 * connection that does not exist, or of one deleted and created again under its name (another id).
 */
export async function connectionByArn(store: BusStore, deployment: Deployment, arn: string): Promise<Connection | undefined> {
  const named = connectionOfArn(deployment, arn);
  if (!named) return undefined;
  const connection = await store.getDocument<ConnectionDefinition>('connection', '', named.name);
  return connection?.definition.id === named.id ? connection : undefined;
}

/** What a connection write decides: the new definition (null deletes), whether authorization is now due, and the answer. */
export interface ConnectionDecision<R> {
  definition: ConnectionDefinition | null;
  /** undefined keeps the stored one; null clears it. */
  dueAt?: number | null;
  result: R;
}

/**
 * Writes one connection as `decide(current)` says, in one transaction. `dueAt` marks an authorization
 * to make (an OAuth connection AUTHORIZING): the ConnectionAuthorizer of any node takes it.
 */
export function writeConnection<R>(store: BusStore, name: string, now: number, decide: (current: Connection | undefined) => ConnectionDecision<R>): Promise<R> {
  return store.writeDocument<ConnectionDefinition, R>({ kind: 'connection', scope: '', name, now, decide });
}

/** Writes one API destination as `decide(current)` says, in one transaction (`now`: its modifiedAt). */
export function writeApiDestination<R>(
  store: BusStore,
  name: string,
  now: number,
  decide: (current: ApiDestination | undefined) => { definition: ApiDestinationDefinition | null; result: R },
): Promise<R> {
  return store.writeDocument<ApiDestinationDefinition, R>({ kind: 'api-destination', scope: '', name, now, decide });
}

/** ACTIVE while its connection is AUTHORIZED, INACTIVE otherwise (a connection deleted or created again included), as observed. */
export async function apiDestinationState(ctx: BusContext, destination: ApiDestinationDefinition): Promise<'ACTIVE' | 'INACTIVE'> {
  const connection = await connectionByArn(ctx.store, ctx.deployment, destination.ConnectionArn);
  return connection?.definition.ConnectionState === 'AUTHORIZED' ? 'ACTIVE' : 'INACTIVE';
}
