import { AUTH_HEADER_PATTERN, HEADER_VALUE_PATTERN, isAuthHeaderText, isHeaderValue } from './spaced-text.js';
import { boolean, enumOf, integer, list, required, string, structure, type Shape, type StringShape, type StructureShape } from './shapes.js';

/** Members of the connection and API destination actions, with the model's bounds and patterns (botocore events 2015-10-07). */

/** ConnectionName and ApiDestinationName. */
export const resourceName = string({ min: 1, max: 64, pattern: '[\\.\\-_A-Za-z0-9]+' });

/** ConnectionDescription and ApiDestinationDescription. */
export const description = string({ max: 512, pattern: '.*' });

export const authorizationType = enumOf(['BASIC', 'OAUTH_CLIENT_CREDENTIALS', 'API_KEY']);

export const connectionState = enumOf([
  'CREATING',
  'UPDATING',
  'DELETING',
  'AUTHORIZED',
  'DEAUTHORIZED',
  'AUTHORIZING',
  'DEAUTHORIZING',
  'ACTIVE',
  'FAILED_CONNECTIVITY',
]);

export const connectionArn = string({
  min: 1,
  max: 1600,
  pattern: '^arn:aws([a-z]|\\-)*:events:([a-z]|\\d|\\-)*:([0-9]{12})?:connection\\/[\\.\\-_A-Za-z0-9]+\\/[\\-A-Za-z0-9]+$',
});

/** HttpsEndpoint: InvocationEndpoint and AuthorizationEndpoint. */
export const httpsEndpoint = string({ min: 1, max: 2048, pattern: "^((%[0-9A-Fa-f]{2}|[-()_.!~*';/?:@\\x26=+$,A-Za-z0-9])+)([).!';/?:,])?$" });

/**
 * ApiDestinationHttpMethod. The enum is listed in the order AWS's message shows it ("Member must satisfy
 * enum value set: [HEAD, POST, PATCH, DELETE, PUT, GET, OPTIONS]", observed), not the model's.
 */
export const apiDestinationHttpMethod = enumOf(['HEAD', 'POST', 'PATCH', 'DELETE', 'PUT', 'GET', 'OPTIONS']);

export const invocationRateLimitPerSecond = integer({ min: 1 });

/** AuthHeaderParameters (a user name, an API key's name, a client id) and their Sensitive twins (the secrets). */
const authHeaderParameter = string({ min: 1, max: 512, pattern: AUTH_HEADER_PATTERN, matches: isAuthHeaderText });

const parameterList = (key: StringShape, value: StringShape) =>
  list(structure({ Key: key, Value: value, IsValueSecret: boolean() }), { min: 0, max: 100 });

/** ConnectionHttpParameters: InvocationHttpParameters and OAuthHttpParameters. */
export const connectionHttpParameters = structure({
  HeaderParameters: parameterList(
    string({ max: 512, pattern: "^[!#$%&'*+-.^_`|~0-9a-zA-Z]+$" }),
    string({ max: 512, pattern: HEADER_VALUE_PATTERN, matches: isHeaderValue }),
  ),
  QueryStringParameters: parameterList(string({ max: 512, pattern: '[^\\x00-\\x1F\\x7F]+' }), string({ max: 512, pattern: '[^\\x00-\\x09\\x0B\\x0C\\x0E-\\x1F\\x7F]+' })),
  BodyParameters: parameterList(string(), string()),
});

export const connectivityParameters = structure({
  ResourceParameters: required(
    structure({
      ResourceConfigurationArn: required(
        string({ min: 0, max: 2048, pattern: '^(?:^arn:[a-z0-9\\-]+:vpc-lattice:[a-zA-Z0-9\\-]+:\\d{12}:resourceconfiguration/rcfg-[0-9a-z]{17}$|^$)' }),
      ),
    }),
  ),
});

/**
 * CreateConnectionAuthRequestParameters (`create`: the secrets are required) or
 * UpdateConnectionAuthRequestParameters (every member optional: an update names what changes).
 */
export function authParameters(create: boolean): StructureShape {
  const need = <S extends Shape>(shape: S): S => (create ? required(shape) : shape);
  return structure({
    BasicAuthParameters: structure({ Username: need(authHeaderParameter), Password: need(authHeaderParameter) }),
    OAuthParameters: structure({
      ClientParameters: need(structure({ ClientID: need(authHeaderParameter), ClientSecret: need(authHeaderParameter) })),
      AuthorizationEndpoint: need(httpsEndpoint),
      HttpMethod: need(enumOf(['GET', 'POST', 'PUT'])),
      OAuthHttpParameters: connectionHttpParameters,
    }),
    ApiKeyAuthParameters: structure({ ApiKeyName: need(authHeaderParameter), ApiKeyValue: need(authHeaderParameter) }),
    InvocationHttpParameters: connectionHttpParameters,
    ConnectivityParameters: connectivityParameters,
  });
}
