import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { BusStore } from '../../storage/bus-store.js';
import type { ConnectionDefinition, OAuthToken } from '../bus-documents.js';
import type { HttpClient } from './http-client.js';
import { writeConnection, type Connection } from './connection-lookup.js';
import { requestToken, TokenRequestError } from './oauth-token.js';

/** A token this close to its expiry is replaced before use ("if the token expires within 60 seconds", user guide). */
export const REFRESH_BEFORE_EXPIRY_MS = 60_000;
/** An authorization that failed for a reason that may pass (no answer, 429, 5xx) is tried again this much later, AUTHORIZING meanwhile. */
export const AUTHORIZE_AGAIN_AFTER_MS = 30_000;

export interface OAuthTokensDeps {
  readonly store: BusStore;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * OAuth client credentials connections' access tokens. A token lives in its connection's document, so
 * every node uses the one stored and a refresh by one node serves all; this class only makes sure one
 * process asks the authorization endpoint once at a time per connection and credentials.
 *
 * An authorization records its outcome in the connection (unless its credentials changed meanwhile):
 * a token makes it AUTHORIZED (LastAuthorizedTime now); a refusal (a 4xx, an answer without a token, a
 * host that does not resolve) makes it DEAUTHORIZED with the reason; a failure that may pass leaves an
 * AUTHORIZING connection AUTHORIZING, to be tried again in 30 s, and an AUTHORIZED one as it was.
 */
export class OAuthTokens {
  readonly #deps: OAuthTokensDeps;
  readonly #inFlight = new Map<string, Promise<OAuthToken>>();

  constructor(deps: OAuthTokensDeps) {
    this.#deps = deps;
  }

  /** A token to call with: the stored one unless it expires within 60 s, else a new one. Throws a TokenRequestError. */
  tokenFor(connection: Connection): Promise<OAuthToken> {
    const token = connection.definition.oauthToken;
    const now = this.#deps.clock.now();
    if (token && (token.expiresAt === undefined || token.expiresAt - now > REFRESH_BEFORE_EXPIRY_MS)) return Promise.resolve(token);
    return this.authorize(connection);
  }

  /** Fetches a token with the connection's current credentials and records the outcome. Throws a TokenRequestError. */
  authorize(connection: Connection): Promise<OAuthToken> {
    const key = `${connection.name}\u0000${connection.definition.credentials}`;
    let running = this.#inFlight.get(key);
    if (!running) {
      running = this.#authorize(connection).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, running);
    }
    return running;
  }

  /** Drops a token the endpoint refused (a 401 or 407: "OAuth tokens are refreshed when a 401 or 407 response is returned"), unless another replaced it meanwhile. */
  async forget(connection: Connection, token: OAuthToken): Promise<void> {
    await writeConnection(this.#deps.store, connection.name, this.#deps.clock.now(), (current) => {
      if (!current || current.definition.oauthToken?.accessToken !== token.accessToken) return { definition: current?.definition ?? null, result: undefined };
      const { oauthToken: _dropped, ...definition } = current.definition;
      return { definition, result: undefined };
    });
  }

  async #authorize(connection: Connection): Promise<OAuthToken> {
    const { store, http, clock, logger } = this.#deps;
    const oauth = connection.definition.AuthParameters?.OAuthParameters;
    if (!oauth) throw new TokenRequestError(`Connection ${connection.name} has no OAuth parameters.`, false);
    let outcome: OAuthToken | TokenRequestError;
    try {
      outcome = await requestToken(oauth, http, clock.now());
    } catch (error) {
      outcome = error instanceof TokenRequestError ? error : new TokenRequestError(String(error), true);
    }
    const now = clock.now();
    await writeConnection(store, connection.name, now, (current) => {
      if (!current || current.definition.credentials !== connection.definition.credentials) return { definition: current?.definition ?? null, result: undefined };
      return { ...recorded(current.definition, outcome, now), result: undefined };
    });
    if (outcome instanceof TokenRequestError) {
      logger.warn(`bus: connection ${connection.name} could not be authorized${outcome.retriable ? ' (tried again later)' : ''}: ${outcome.message}`);
      throw outcome;
    }
    return outcome;
  }
}

/** A connection once an authorization ended with `outcome`. */
function recorded(current: ConnectionDefinition, outcome: OAuthToken | TokenRequestError, now: number): { definition: ConnectionDefinition; dueAt?: number | null } {
  const { oauthToken: _old, StateReason: _reason, ...rest } = current;
  if (!(outcome instanceof TokenRequestError)) {
    return { definition: { ...rest, ConnectionState: 'AUTHORIZED', LastAuthorizedTime: now, oauthToken: outcome }, dueAt: null };
  }
  if (!outcome.retriable) return { definition: { ...rest, ConnectionState: 'DEAUTHORIZED', StateReason: reasonOf(outcome) }, dueAt: null };
  if (current.ConnectionState !== 'AUTHORIZING') return { definition: current };
  return { definition: { ...rest, StateReason: reasonOf(outcome) }, dueAt: now + AUTHORIZE_AGAIN_AFTER_MS };
}

/** StateReason holds at most 512 characters (the model's bound). */
const reasonOf = (error: TokenRequestError): string => error.message.slice(0, 512);
