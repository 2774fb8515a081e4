import { randomBytes, randomUUID } from 'node:crypto';
import type { ConnectionAuthParameters, ConnectionDefinition, ConnectionHttpParameters } from '../bus-documents.js';
import { connectionErrors, type Action } from './connection-errors.js';
import { httpsEndpoint } from '../validation/connection-shapes.js';

type AuthorizationType = ConnectionDefinition['AuthorizationType'];

/** The AuthParameters member each AuthorizationType takes. */
const MEMBER = {
  BASIC: 'BasicAuthParameters',
  API_KEY: 'ApiKeyAuthParameters',
  OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters',
} as const satisfies Record<AuthorizationType, keyof ConnectionAuthParameters>;

/** The request's AuthParameters once the model's checks passed (ConnectivityParameters is not kept). */
export type GivenAuthParameters = ConnectionAuthParameters & { readonly ConnectivityParameters?: unknown };

/**
 * CreateConnection's AuthParameters for `type`: its own block and no other ("You must include only
 * authorization parameters for the AuthorizationType you specify", the model's documentation; the
 * messages are ours), InvocationHttpParameters kept as given.
 */
export function authParametersFor(type: AuthorizationType, given: GivenAuthParameters, action: Action): ConnectionAuthParameters {
  const { ConnectivityParameters: _private, ...parameters } = given;
  for (const [other, member] of Object.entries(MEMBER)) {
    if (other !== type && parameters[member] !== undefined) {
      throw connectionErrors.authParameters(action, `${member} cannot be specified for AuthorizationType ${type}.`);
    }
  }
  if (!complete(type, parameters)) throw connectionErrors.authParameters(action, `${MEMBER[type]} must be specified for AuthorizationType ${type}.`);
  checkAuthorizationEndpoint(parameters, action);
  return parameters;
}

/**
 * UpdateConnection's AuthParameters over the stored ones: a new AuthorizationType takes its whole
 * block as CreateConnection does; the same type merges what the block gives into the stored one
 * (an update may change one secret alone); InvocationHttpParameters and OAuthHttpParameters, when
 * given, replace the stored ones. How AWS merges is unconfirmed.
 */
export function mergeAuthParameters(
  current: ConnectionDefinition,
  type: AuthorizationType,
  given: GivenAuthParameters | undefined,
): ConnectionAuthParameters | undefined {
  if (given === undefined) {
    return type === current.AuthorizationType && current.AuthParameters !== undefined ? current.AuthParameters : authParametersFor(type, {}, 'update');
  }
  const stored = current.AuthParameters ?? {};
  if (type !== current.AuthorizationType || current.AuthParameters === undefined) {
    return authParametersFor(type, { ...(stored.InvocationHttpParameters && { InvocationHttpParameters: stored.InvocationHttpParameters }), ...given }, 'update');
  }
  const member = MEMBER[type];
  const merged = { ...stored, ...given, [member]: { ...stored[member], ...given[member] } } as GivenAuthParameters;
  const { OAuthParameters: oauth } = merged;
  const withClient =
    oauth && given.OAuthParameters?.ClientParameters
      ? { ...merged, OAuthParameters: { ...oauth, ClientParameters: { ...stored.OAuthParameters?.ClientParameters, ...given.OAuthParameters.ClientParameters } } }
      : merged;
  return authParametersFor(type, withClient, 'update');
}

/**
 * AuthParameters as DescribeConnection shows them: the user name, API key name and client id but no
 * password, key or client secret (observed), and parameters marked IsValueSecret without their value
 * (unconfirmed).
 */
export function publicAuthParameters(parameters: ConnectionAuthParameters): Record<string, unknown> {
  const { BasicAuthParameters: basic, OAuthParameters: oauth, ApiKeyAuthParameters: apiKey, InvocationHttpParameters: invocation } = parameters;
  return {
    ...(basic && { BasicAuthParameters: { Username: basic.Username } }),
    ...(oauth && {
      OAuthParameters: {
        ClientParameters: { ClientID: oauth.ClientParameters.ClientID },
        AuthorizationEndpoint: oauth.AuthorizationEndpoint,
        HttpMethod: oauth.HttpMethod,
        ...(oauth.OAuthHttpParameters && { OAuthHttpParameters: publicHttpParameters(oauth.OAuthHttpParameters) }),
      },
    }),
    ...(apiKey && { ApiKeyAuthParameters: { ApiKeyName: apiKey.ApiKeyName } }),
    ...(invocation && { InvocationHttpParameters: publicHttpParameters(invocation) }),
  };
}

function publicHttpParameters(parameters: ConnectionHttpParameters): ConnectionHttpParameters {
  const hide = (list: ConnectionHttpParameters['HeaderParameters']) =>
    list?.map(({ Value, ...rest }) => (rest.IsValueSecret ? rest : { ...rest, ...(Value !== undefined && { Value }) }));
  const out: Record<string, unknown> = {};
  for (const member of ['HeaderParameters', 'QueryStringParameters', 'BodyParameters'] as const) {
    if (parameters[member] !== undefined) out[member] = hide(parameters[member]);
  }
  return out;
}

/** HttpsEndpoint's pattern in EventBridge's model: the characters a URL may hold as written (a space must be %20). */
const ENDPOINT_TEXT = new RegExp(`^(?:${httpsEndpoint.pattern!})$`, 's');

/** Whether CreateApiDestination takes `endpoint` as its InvocationEndpoint: the model's length and characters, and an http(s) URL. */
export function isInvocationEndpoint(endpoint: string): boolean {
  return endpoint.length <= httpsEndpoint.max! && ENDPOINT_TEXT.test(endpoint) && isHttpEndpoint(endpoint);
}

/** Whether `endpoint` is an http(s) URL with a host: AWS takes HTTPS only; Eddy also takes http:// for local servers. */
export function isHttpEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Whether the block of `type` has every member a connection of that type needs (an update's blocks have none required). */
function complete(type: AuthorizationType, parameters: ConnectionAuthParameters): boolean {
  const { BasicAuthParameters: basic, ApiKeyAuthParameters: apiKey, OAuthParameters: oauth } = parameters;
  if (type === 'BASIC') return basic?.Username !== undefined && basic.Password !== undefined;
  if (type === 'API_KEY') return apiKey?.ApiKeyName !== undefined && apiKey.ApiKeyValue !== undefined;
  const client = oauth?.ClientParameters;
  return client?.ClientID !== undefined && client.ClientSecret !== undefined && oauth?.AuthorizationEndpoint !== undefined && oauth.HttpMethod !== undefined;
}

function checkAuthorizationEndpoint(parameters: ConnectionAuthParameters, action: Action): void {
  const endpoint = parameters.OAuthParameters?.AuthorizationEndpoint;
  if (endpoint !== undefined && !isHttpEndpoint(endpoint)) throw connectionErrors.invalidAuthorizationEndpoint(action, endpoint);
}

/** A new SecretArn id: a UUID and a 6-character suffix, the shape of the secret names AWS makes (observed). */
export function newSecretId(): string {
  const suffix = randomBytes(6).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 6);
  return `${randomUUID()}-${suffix}`;
}
