/**
 * Names of the Lambda API's operations by method and path (the REST routes of the Lambda model),
 * so a request Eddy does not serve can be named in its answer. Eddy's own routes match first.
 */
const FN = '[^/]+';
const OPERATIONS: readonly (readonly [method: string, path: RegExp, name: string])[] = [
  ['POST', /^\/2015-03-31\/functions\/?$/, 'CreateFunction'],
  ['DELETE', new RegExp(`^/2015-03-31/functions/${FN}/?$`), 'DeleteFunction'],
  ['PUT', new RegExp(`^/2015-03-31/functions/${FN}/code/?$`), 'UpdateFunctionCode'],
  ['PUT', new RegExp(`^/2015-03-31/functions/${FN}/configuration/?$`), 'UpdateFunctionConfiguration'],
  ['POST', new RegExp(`^/2015-03-31/functions/${FN}/versions/?$`), 'PublishVersion'],
  ['GET', new RegExp(`^/2015-03-31/functions/${FN}/versions/?$`), 'ListVersionsByFunction'],
  ['POST', new RegExp(`^/2015-03-31/functions/${FN}/aliases/?$`), 'CreateAlias'],
  ['GET', new RegExp(`^/2015-03-31/functions/${FN}/aliases/?$`), 'ListAliases'],
  ['GET', new RegExp(`^/2015-03-31/functions/${FN}/aliases/${FN}/?$`), 'GetAlias'],
  ['PUT', new RegExp(`^/2015-03-31/functions/${FN}/aliases/${FN}/?$`), 'UpdateAlias'],
  ['DELETE', new RegExp(`^/2015-03-31/functions/${FN}/aliases/${FN}/?$`), 'DeleteAlias'],
  ['POST', new RegExp(`^/2015-03-31/functions/${FN}/policy/?$`), 'AddPermission'],
  ['GET', new RegExp(`^/2015-03-31/functions/${FN}/policy/?$`), 'GetPolicy'],
  ['DELETE', new RegExp(`^/2015-03-31/functions/${FN}/policy/${FN}/?$`), 'RemovePermission'],
  ['POST', new RegExp(`^/2014-11-13/functions/${FN}/invoke-async/?$`), 'InvokeAsync'],
  ['POST', new RegExp(`^/2021-11-15/functions/${FN}/response-streaming-invocations/?$`), 'InvokeWithResponseStream'],
  ['PUT', new RegExp(`^/2017-10-31/functions/${FN}/concurrency/?$`), 'PutFunctionConcurrency'],
  ['GET', new RegExp(`^/2019-09-30/functions/${FN}/concurrency/?$`), 'GetFunctionConcurrency'],
  ['DELETE', new RegExp(`^/2017-10-31/functions/${FN}/concurrency/?$`), 'DeleteFunctionConcurrency'],
  ['PUT', new RegExp(`^/2019-09-30/functions/${FN}/provisioned-concurrency/?$`), 'PutProvisionedConcurrencyConfig'],
  ['POST', new RegExp(`^/2021-10-31/functions/${FN}/url/?$`), 'CreateFunctionUrlConfig'],
  ['GET', new RegExp(`^/2021-10-31/functions/${FN}/url/?$`), 'GetFunctionUrlConfig'],
  ['GET', /^\/2017-03-31\/tags\/.+$/, 'ListTags'],
  ['POST', /^\/2017-03-31\/tags\/.+$/, 'TagResource'],
  ['DELETE', /^\/2017-03-31\/tags\/.+$/, 'UntagResource'],
  ['GET', /^\/2016-08-19\/account-settings\/?$/, 'GetAccountSettings'],
  ['GET', /^\/2018-10-31\/layers\/?$/, 'ListLayers'],
  ['POST', /^\/2018-10-31\/layers\/[^/]+\/versions\/?$/, 'PublishLayerVersion'],
  ['POST', /^\/2019-09-25\/code-signing-configs\/?$/, 'CreateCodeSigningConfig'],
];

/** Lambda's API paths all start with a version date. */
export const LAMBDA_PATH = /^\/20\d\d-\d\d-\d\d\//;

/** The Lambda operation a request is for, or its method and path when it is none Eddy knows. */
export function lambdaOperationName(method: string, path: string): string {
  for (const [m, pattern, name] of OPERATIONS) if (m === method && pattern.test(path)) return name;
  return `${method} ${path.length > 200 ? `${path.slice(0, 200)}...` : path}`;
}
