import { lambdaErrors } from '../lambda-errors.js';
import type { FunctionSettings } from '../functions/function-document.js';

/** Runtimes Eddy runs: Node in a worker thread, Python and custom runtimes as processes. */
const RUNNABLE = /^(nodejs(18|20|22|24)\.x|python3\.(9|1[0-4])|provided\.al2|provided\.al2023)$/;
/** Lambda's Runtime enum (the model's current values), for the message of a value outside it. */
const RUNTIME_ENUM = [
  'nodejs20.x', 'nodejs22.x', 'nodejs24.x', 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'python3.14',
  'java11', 'java17', 'java21', 'java25', 'dotnet8', 'dotnet10', 'ruby3.3', 'ruby3.4', 'provided.al2', 'provided.al2023',
];
/** Runtimes Lambda no longer lets a function be created or updated with. */
const RETIRED = /^(nodejs(4\.3|6\.10|8\.10|10\.x|12\.x|14\.x|16\.x)|python(2\.7|3\.[678])|java8|dotnetcore\d\.\d|dotnet6|ruby2\.[57]|ruby3\.2|go1\.x|provided)$/;
const OTHER_LANGUAGES = /^(java\d+(\.al2)?|dotnet\d+|ruby\d\.\d)$/;

const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME', 'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

/** DeadLetterConfig.TargetArn's model pattern (ResourceArn). */
const TARGET_ARN = /^(?:arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*|)$/s;
const ROLE = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/**
 * Collects Lambda's constraint violations in the order the members are checked and throws them as one
 * ValidationException ("2 validation errors detected: …; …"), as AWS aggregates them.
 */
export class Violations {
  readonly #list: string[] = [];

  add(value: unknown, field: string, rule: string): void {
    const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
    this.#list.push(`Value ${shown} at '${field}' failed to satisfy constraint: ${rule}`);
  }

  throwIfAny(): void {
    const n = this.#list.length;
    if (n > 0) throw lambdaErrors.validation(`${n} validation error${n === 1 ? '' : 's'} detected: ${this.#list.join('; ')}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const mistyped = (member: string) => lambdaErrors.invalidRequestContent(`Could not parse request body into json: member ${member} has the wrong type`);

export function optionalString(input: Record<string, unknown>, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw mistyped(member);
  return value;
}

export function optionalNumber(input: Record<string, unknown>, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw mistyped(member);
  return value;
}

export function optionalObject(input: Record<string, unknown>, member: string): Record<string, unknown> | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw mistyped(member);
  return value;
}

/** A map of strings (Environment.Variables, Tags); `member` names it in the error. */
export function stringMap(value: unknown, member: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) throw mistyped(member);
  return value as Record<string, string>;
}

/**
 * The settings members of CreateFunction and UpdateFunctionConfiguration, checked and laid over `base`
 * (Lambda's defaults for a create, the current settings for an update: members left out keep theirs;
 * Environment, when given, replaces the variables wholesale).
 */
export function settingsFrom(input: Record<string, unknown>, base: FunctionSettings | undefined): FunctionSettings {
  const violations = new Violations();
  const runtime = optionalString(input, 'Runtime');
  const handler = optionalString(input, 'Handler');
  const role = optionalString(input, 'Role');
  const description = optionalString(input, 'Description');
  const timeout = optionalNumber(input, 'Timeout');
  const memory = optionalNumber(input, 'MemorySize');
  const environment = optionalObject(input, 'Environment');
  const ephemeral = optionalObject(input, 'EphemeralStorage');
  const tracing = optionalObject(input, 'TracingConfig');
  const logging = optionalObject(input, 'LoggingConfig');
  const deadLetter = optionalObject(input, 'DeadLetterConfig');
  const deadLetterArn = deadLetter === undefined ? undefined : optionalString(deadLetter, 'TargetArn');
  const architectures = input['Architectures'];
  if (base === undefined && role === undefined) violations.add(role, 'role', 'Member must not be null');
  if (role !== undefined && !ROLE.test(role)) violations.add(role, 'role', 'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+');
  if (handler !== undefined && handler.length > 128) violations.add(handler, 'handler', 'Member must have length less than or equal to 128');
  else if (handler !== undefined && !/^[^\s]+$/.test(handler)) violations.add(handler, 'handler', 'Member must satisfy regular expression pattern: [^\\s]+');
  if (description !== undefined && description.length > 256) violations.add(description, 'description', 'Member must have length less than or equal to 256');
  if (timeout !== undefined && timeout < 1) violations.add(timeout, 'timeout', 'Member must have value greater than or equal to 1');
  if (timeout !== undefined && timeout > 900) violations.add(timeout, 'timeout', 'Member must have value less than or equal to 900');
  if (memory !== undefined && memory < 128) violations.add(memory, 'memorySize', 'Member must have value greater than or equal to 128');
  if (memory !== undefined && memory > 10240) violations.add(memory, 'memorySize', 'Member must have value less than or equal to 10240');
  if (runtime !== undefined && !RUNTIME_ENUM.includes(runtime) && !RUNNABLE.test(runtime) && !RETIRED.test(runtime) && !OTHER_LANGUAGES.test(runtime)) {
    violations.add(runtime, 'runtime', `Member must satisfy enum value set: [${RUNTIME_ENUM.join(', ')}] or be a valid ARN`);
  }
  const size = ephemeral === undefined ? undefined : ephemeral['Size'];
  if (size !== undefined && (typeof size !== 'number' || size < 512 || size > 10240)) {
    violations.add(size, 'ephemeralStorage.size', `Member must have value ${typeof size === 'number' && size > 10240 ? 'less than or equal to 10240' : 'greater than or equal to 512'}`);
  }
  const mode = tracing?.['Mode'];
  if (mode !== undefined && mode !== 'Active' && mode !== 'PassThrough') violations.add(mode, 'tracingConfig.mode', 'Member must satisfy enum value set: [Active, PassThrough]');
  let arch: string[] | undefined;
  if (architectures !== undefined && architectures !== null) {
    if (!Array.isArray(architectures) || architectures.some((a) => typeof a !== 'string')) throw mistyped('Architectures');
    if (architectures.length !== 1) violations.add(architectures, 'architectures', 'Member must have length less than or equal to 1');
    else if (architectures[0] !== 'x86_64' && architectures[0] !== 'arm64') violations.add(architectures, 'architectures', 'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]');
    arch = architectures as string[];
  }
  if (deadLetterArn !== undefined && !TARGET_ARN.test(deadLetterArn)) violations.add(deadLetterArn, 'deadLetterConfig.targetArn', 'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:[a-z0-9-.]+:.*)|()');
  violations.throwIfAny();
  if (deadLetterArn && !/^arn:[^:]+:(sqs|sns):/.test(deadLetterArn)) {
    // Lambda takes an SQS queue or an SNS topic (API reference, DeadLetterConfig); its own wording for another ARN is unconfirmed.
    throw lambdaErrors.invalidParameterValue(`The DeadLetterConfig target ${deadLetterArn} is invalid: it must be an SQS queue's or SNS topic's ARN`);
  }
  if (runtime !== undefined && RETIRED.test(runtime)) {
    throw lambdaErrors.invalidParameterValue(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
    );
  }
  if (runtime !== undefined && !RUNNABLE.test(runtime)) {
    throw lambdaErrors.invalidParameterValue(`Eddy does not run the ${runtime} runtime: it runs nodejs18.x–nodejs24.x, python3.9–python3.14, provided.al2 and provided.al2023`);
  }
  const variables = environment === undefined ? undefined : stringMap(environment['Variables'], 'Environment.Variables');
  if (variables !== undefined) checkVariables(variables);
  const finalRuntime = runtime ?? base?.Runtime;
  const finalHandler = handler ?? base?.Handler;
  if (finalRuntime === undefined || finalHandler === undefined) {
    throw lambdaErrors.invalidParameterValue('Runtime and Handler are mandatory parameters for functions created with deployment packages.');
  }
  // Lambda takes any handler and fails each invocation of a Python one that is not module.function
  // (Runtime.MalformedHandlerName); Eddy says so at once.
  if (finalRuntime.startsWith('python') && !/^[^.]+(\.[^.]+)*\.[^.]+$/.test(finalHandler)) {
    throw lambdaErrors.invalidParameterValue(`Handler ${finalHandler} cannot run on ${finalRuntime}: a Python handler reads module.function (e.g. app.handler)`);
  }
  const logFormat = logging?.['LogFormat'];
  const logGroup = logging?.['LogGroup'];
  return {
    Runtime: finalRuntime,
    Handler: finalHandler,
    Role: role ?? base!.Role,
    Description: description ?? base?.Description ?? '',
    Timeout: timeout ?? base?.Timeout ?? 3,
    MemorySize: memory ?? base?.MemorySize ?? 128,
    Environment: variables ?? base?.Environment ?? {},
    Architectures: arch ?? base?.Architectures ?? ['x86_64'],
    EphemeralStorageSize: (size as number | undefined) ?? base?.EphemeralStorageSize ?? 512,
    TracingMode: (mode as string | undefined) ?? base?.TracingMode ?? 'PassThrough',
    LogFormat: logFormat === 'JSON' || logFormat === 'Text' ? logFormat : (base?.LogFormat ?? 'Text'),
    ...((typeof logGroup === 'string' ? logGroup : base?.LogGroup) !== undefined && { LogGroup: typeof logGroup === 'string' ? logGroup : base!.LogGroup! }),
    // A DeadLetterConfig without TargetArn, or with an empty one, removes it (the model's pattern allows the empty string).
    ...((deadLetter === undefined ? base?.DeadLetterTargetArn : deadLetterArn || undefined) !== undefined && { DeadLetterTargetArn: deadLetter === undefined ? base!.DeadLetterTargetArn! : deadLetterArn! }),
  };
}

/** Environment variables: names Lambda takes, none of its reserved ones, 4 KB in all (SEMANTICS D.2, G.1). */
function checkVariables(variables: Record<string, string>): void {
  const bad = Object.keys(variables).filter((key) => !/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key));
  if (bad.length > 0) {
    const violations = new Violations();
    for (const key of bad) violations.add(key, 'environment.variables', 'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+');
    violations.throwIfAny();
  }
  const reserved = Object.keys(variables).filter((key) => RESERVED_VARIABLES.has(key));
  if (reserved.length > 0) {
    throw lambdaErrors.invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`,
    );
  }
  const text = JSON.stringify(variables);
  if (Buffer.byteLength(text) > 4096) {
    throw lambdaErrors.invalidParameterValue(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${text}`,
    );
  }
}

/** A function name for CreateFunction: a name or an ARN of this deployment whose name is 1–64 characters. */
export function createName(raw: unknown): string {
  if (raw === undefined || raw === null) {
    const v = new Violations();
    v.add(raw, 'functionName', 'Member must not be null');
    v.throwIfAny();
  }
  if (typeof raw !== 'string') throw mistyped('FunctionName');
  const name = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([a-zA-Z0-9-_]{1,64})$/.exec(raw)?.[1];
  if (name === undefined) {
    const v = new Violations();
    if (raw.length > 140) v.add(raw, 'functionName', 'Member must have length less than or equal to 140');
    else v.add(raw, 'functionName', 'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?');
    v.throwIfAny();
  }
  return name!;
}
