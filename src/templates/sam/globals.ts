// The Globals section (SEMANTICS.md H.1): checked as samtranslator's plugins/globals/globals.py does, then merged
// into each resource of the section's type unless the resource says IgnoreGlobals.
import { isIntrinsic, isObject, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateValue } from './types.js';

/**
 * Supported properties per section, from samtranslator's Globals.supported_properties (Function: everything
 * but Role, Policies, FunctionName, Events). Lists of recent SAM releases; a property SAM added later is
 * refused here with SAM's message, which names the list.
 */
const SUPPORTED: Record<string, readonly string[]> = {
  Function: [
    'Handler', 'Runtime', 'CodeUri', 'DeadLetterQueue', 'Description', 'MemorySize', 'Timeout', 'VpcConfig',
    'Environment', 'Tags', 'PropagateTags', 'Tracing', 'KmsKeyArn', 'AutoPublishAlias', 'AutoPublishAliasAllProperties',
    'Layers', 'DeploymentPreference', 'RolePath', 'PermissionsBoundary', 'ReservedConcurrentExecutions',
    'ProvisionedConcurrencyConfig', 'AssumeRolePolicyDocument', 'EventInvokeConfig', 'FileSystemConfigs',
    'CodeSigningConfigArn', 'Architectures', 'SnapStart', 'EphemeralStorage', 'FunctionUrlConfig',
    'RuntimeManagementConfig', 'LoggingConfig', 'RecursiveLoop', 'SourceKMSKeyArn', 'TenancyConfig',
    'CapacityProviderConfig', 'FunctionScalingConfig', 'PublishToLatestPublished', 'VersionDeletionPolicy',
  ],
  Api: [
    'Auth', 'Name', 'DefinitionUri', 'CacheClusterEnabled', 'CacheClusterSize', 'MergeDefinitions', 'Variables',
    'EndpointConfiguration', 'MethodSettings', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Cors',
    'GatewayResponses', 'AccessLogSetting', 'CanarySetting', 'TracingEnabled', 'OpenApiVersion', 'Domain',
    'AlwaysDeploy', 'PropagateTags',
  ],
  HttpApi: [
    'Auth', 'AccessLogSettings', 'StageVariables', 'Tags', 'CorsConfiguration', 'DefaultRouteSettings', 'Domain',
    'RouteSettings', 'FailOnWarnings', 'PropagateTags',
  ],
  SimpleTable: ['SSESpecification'],
  StateMachine: ['PropagateTags'],
  LayerVersion: ['PublishLambdaVersion'],
  CapacityProvider: ['VpcConfig', 'OperatorRole', 'Tags', 'InstanceRequirements', 'ScalingConfig', 'KmsKeyArn', 'PropagateTags'],
  WebSocketApi: [
    'AccessLogSettings', 'ApiKeySelectionExpression', 'DefaultRouteSettings', 'DisableExecuteApiEndpoint',
    'DisableSchemaValidation', 'Domain', 'FailOnWarnings', 'IpAddressType', 'PropagateTags',
    'RouteSelectionExpression', 'RouteSettings', 'StageVariables', 'Tags',
  ],
};

/** Python's repr of a list of strings, as SAM's messages print them: `['Api', 'Function']`. */
const pythonList = (names: readonly string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;

export type Globals = Record<string, TemplateObject>;

/** Reads and checks the Globals section; keys are section names (`Function`, `Api`, …). */
export function parseGlobals(section: TemplateValue | undefined, context: TransformContext): Globals {
  if (section === undefined) return {};
  const invalid = (detail: string, path: (string | number)[]): never =>
    context.fail(`'Globals' section is invalid. ${detail}`, path);
  if (!isObject(section)) invalid('It must be a non-empty dictionary', ['Globals']);
  const globals: Globals = {};
  for (const [name, properties] of Object.entries(section as TemplateObject)) {
    const supported = Object.hasOwn(SUPPORTED, name) ? SUPPORTED[name] : undefined;
    if (!supported) {
      invalid(`'${name}' is not supported. Must be one of the following values - ${pythonList(Object.keys(SUPPORTED).sort())}`, ['Globals', name]);
    }
    // SAM's text really is "Value of ${section} must be a dictionary" (an unformatted placeholder).
    if (!isObject(properties)) invalid('Value of ${section} must be a dictionary', ['Globals', name]);
    for (const key of Object.keys(properties as TemplateObject)) {
      if (!supported!.includes(key)) {
        invalid(`'${key}' is not a supported property of '${name}'. Must be one of the following values - ${pythonList(supported!)}`, ['Globals', name, key]);
      }
    }
    globals[name] = properties as TemplateObject;
  }
  return globals;
}

type Token = 'primitive' | 'dict' | 'list';
const tokenOf = (value: TemplateValue): Token =>
  Array.isArray(value) ? 'list' : isObject(value) && !isIntrinsic(value) ? 'dict' : 'primitive';

/**
 * GlobalProperties._do_merge: different kinds or scalars (intrinsics count as scalars) → the resource's value;
 * maps → merged key by key; lists → global items then the resource's, not de-duplicated.
 */
export function mergeGlobalValue(global: TemplateValue, local: TemplateValue): TemplateValue {
  const kind = tokenOf(global);
  if (kind !== tokenOf(local) || kind === 'primitive') return local;
  if (kind === 'list') return [...(global as TemplateValue[]), ...(local as TemplateValue[])];
  const merged: TemplateObject = { ...(global as TemplateObject) };
  for (const [key, value] of Object.entries(local as TemplateObject)) {
    merged[key] = key in merged ? mergeGlobalValue(merged[key]!, value) : value;
  }
  return merged;
}

/**
 * The resource's properties with the section's globals merged in. `IgnoreGlobals: "*"` skips them all; a list
 * names the global properties to skip. IgnoreGlobals itself never reaches the output.
 */
export function withGlobals(globals: Globals, section: string, properties: TemplateObject, ignore: TemplateValue | undefined): TemplateObject {
  let global = globals[section];
  if (!global || ignore === '*') return properties;
  if (Array.isArray(ignore)) {
    global = Object.fromEntries(Object.entries(global).filter(([key]) => !ignore.includes(key)));
  }
  return mergeGlobalValue(global, properties) as TemplateObject;
}
