import type { OAuthToken } from '../bus-documents.js';
import type { Connection } from '../connections/connection-lookup.js';
import { TokenRequestError } from '../connections/oauth-token.js';
import type { OAuthTokens } from '../connections/oauth-tokens.js';
import { DeliveryFailure } from './delivery-failure.js';

/** The headers a connection's authorization adds to a call, and the OAuth token among them. */
export interface Credentials {
  readonly headers: Readonly<Record<string, string>>;
  readonly token?: OAuthToken;
}

/**
 * A connection's authorization headers (EventBridge "populates the required authorization headers",
 * user guide): basic → `Authorization: Basic base64(user:password)`; API key → the key's name as the
 * header, its value as the value; OAuth → `Authorization: <token_type> <access_token>`, the token
 * fetched first when the connection has none that lasts another minute (AUTHORIZING included).
 *
 * A connection without authorization parameters (DEAUTHORIZED, DEAUTHORIZING) fails with NO_PERMISSIONS,
 * not retried: it takes an UpdateConnection to mend (what AWS does for an INACTIVE destination is
 * unconfirmed). A token request the endpoint refused fails the same way (the connection is
 * DEAUTHORIZED by then); one that got no answer, a 429 or a 5xx is retried.
 */
export async function credentialsOf(connection: Connection, tokens: OAuthTokens): Promise<Credentials> {
  const { AuthorizationType, AuthParameters, ConnectionState, StateReason } = connection.definition;
  if (!AuthParameters || ConnectionState === 'DEAUTHORIZED' || ConnectionState === 'DEAUTHORIZING') {
    throw new DeliveryFailure('NO_PERMISSIONS', `Connection ${connection.name} is ${ConnectionState}${StateReason ? `: ${StateReason}` : '.'}`, false);
  }
  if (AuthorizationType === 'BASIC' && AuthParameters.BasicAuthParameters) {
    const { Username, Password } = AuthParameters.BasicAuthParameters;
    return { headers: { authorization: `Basic ${Buffer.from(`${Username}:${Password}`).toString('base64')}` } };
  }
  if (AuthorizationType === 'API_KEY' && AuthParameters.ApiKeyAuthParameters) {
    const { ApiKeyName, ApiKeyValue } = AuthParameters.ApiKeyAuthParameters;
    return { headers: { [ApiKeyName.trim()]: ApiKeyValue } };
  }
  try {
    const token = await tokens.tokenFor(connection);
    return { headers: { authorization: `${token.tokenType} ${token.accessToken}` }, token };
  } catch (error) {
    const failure = error instanceof TokenRequestError ? error : new TokenRequestError(String(error), true);
    const message = `Connection ${connection.name} could not be authorized: ${failure.message}`;
    throw new DeliveryFailure(failure.retriable ? 'SDK_CLIENT_ERROR' : 'NO_PERMISSIONS', message, failure.retriable);
  }
}
