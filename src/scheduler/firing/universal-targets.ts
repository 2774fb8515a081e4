import { DeliveryFailure } from '../../bus/delivery/delivery-failure.js';
import type { AsyncFunctions } from '../../bus/delivery/function-target.js';
import { schedulerErrors } from '../scheduler-errors.js';
import { targetFailure } from './target-failure.js';
import type { UnservedTargets } from './unserved-targets.js';

/** One operation of a service Eddy serves, called in process with its API request JSON (AWS member names). */
export type ServiceOperation = (input: Record<string, unknown>) => Promise<unknown>;

/**
 * Eddy's own services' operations for universal targets, injected by main.ts (domain code does not import
 * the API layer): by the SDK service identifier of the target ARN (`sqs`, `dynamodb`, `eventbridge`) and the
 * operation's name (`SendMessage`). Undefined: Eddy does not serve the service; null: not that operation.
 */
export interface ServiceOperations {
  find(service: string, operation: string): ServiceOperation | null | undefined;
}

/** `arn:aws:scheduler:::aws-sdk:<service>:<apiAction>` (managing-targets-universal). */
const UNIVERSAL = /^arn:aws[\w-]*:scheduler:::aws-sdk:(.*)$/;
const UNIVERSAL_PARTS = /^([a-z0-9]+):([a-z][A-Za-z0-9]*)$/;

/**
 * Read-only actions a universal target may not call: those beginning with these prefixes, as the
 * "Unsupported actions" list of managing-targets-universal gives them (`getQueueUrl`, `listBrokers`…).
 */
const READ_ONLY_PREFIXES = [
  'get', 'describe', 'list', 'poll', 'receive', 'search', 'scan', 'query', 'select', 'read', 'lookup', 'discover', 'validate',
  'batchGet', 'batchDescribe', 'batchRead', 'transactGet', 'adminGet', 'adminList', 'testMigration', 'retrieve', 'testConnection',
  'translateDocument', 'isAuthorized', 'invokeModel',
];

export interface UniversalTarget {
  readonly service: string;
  /** The ARN's camelCase action. */
  readonly action: string;
  /** The API operation's name (`sendMessage` → `SendMessage`). */
  readonly operation: string;
}

/** The universal target an ARN names, undefined for any other ARN; a malformed or read-only one is a ValidationException (wording unconfirmed). */
export function universalTargetOf(arn: string): UniversalTarget | undefined {
  const rest = UNIVERSAL.exec(arn)?.[1];
  if (rest === undefined) return undefined;
  const parts = UNIVERSAL_PARTS.exec(rest);
  if (!parts) throw schedulerErrors.validation(`Invalid universal target ARN ${arn}: expected arn:aws:scheduler:::aws-sdk:<service>:<apiAction>.`);
  const [, service, action] = parts as unknown as [string, string, string];
  if (READ_ONLY_PREFIXES.some((prefix) => action.startsWith(prefix) && !/[a-z]/.test(action.charAt(prefix.length)))) {
    throw schedulerErrors.validation(`Invalid universal target ARN ${arn}: EventBridge Scheduler does not support read-only API actions such as ${action}.`);
  }
  return { service, action, operation: action.charAt(0).toUpperCase() + action.slice(1) };
}

/** The SDK identifiers of the services Eddy serves in process, to the one ServiceOperations knows them by. */
const ALIASES: Readonly<Record<string, string>> = { events: 'eventbridge' };

export interface UniversalDeps {
  readonly operations: ServiceOperations;
  readonly functions: AsyncFunctions;
  readonly unserved: UnservedTargets;
}

/**
 * Runs a universal target: `payload` is the API request JSON, the call is Eddy's own operation in process.
 * The operation's refusal is the target API's error (its code is what a dead-letter message records).
 * Lambda's Invoke is Eddy's asynchronous invocation (an InvocationType of RequestResponse is run the same
 * way: Scheduler records a function's own error of a synchronous call as no failure either — unconfirmed).
 * A service Eddy does not serve fails every time and is logged once; an action of a served service that
 * Eddy lacks is the JSON front end's UnknownOperationException (what AWS records then is unconfirmed).
 */
export async function runUniversalTarget(deps: UniversalDeps, target: UniversalTarget, payload: string): Promise<void> {
  let input: unknown;
  try {
    input = JSON.parse(payload);
  } catch {
    throw targetFailure('ValidationException', `The Input of a universal target must be the API request as JSON: ${target.service}:${target.action}.`);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw targetFailure('ValidationException', `The Input of a universal target must be a JSON object: ${target.service}:${target.action}.`);
  }
  const request = input as Record<string, unknown>;
  const service = ALIASES[target.service] ?? target.service;
  if (service === 'lambda' && target.operation === 'Invoke') return invokeFunction(deps.functions, request);
  const operation = deps.operations.find(service, target.operation);
  if (operation === undefined) {
    deps.unserved.tell(`aws-sdk:${service}`, `the service ${target.service} is not served by Eddy: universal targets calling it fail and go to their dead-letter queue`);
    throw new DeliveryFailure('AWS.Scheduler.InternalServerError', `Eddy does not serve ${target.service}: ${target.service}:${target.action} was not called.`, true);
  }
  if (operation === null) throw targetFailure('UnknownOperationException', `Eddy's ${target.service} has no operation ${target.operation}.`);
  await operation(request);
}

const FUNCTION = /^(?:arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:)?([A-Za-z0-9_-]+)(?::([\w$-]+))?$/;

/** Invoke: FunctionName (name, ARN or partial ARN, maybe qualified), Qualifier, Payload (JSON text or a JSON value). */
async function invokeFunction(functions: AsyncFunctions, input: Record<string, unknown>): Promise<void> {
  const name = typeof input['FunctionName'] === 'string' ? FUNCTION.exec(input['FunctionName']) : null;
  if (!name) throw targetFailure('ValidationException', 'FunctionName must be a function name or ARN.');
  const qualifier = typeof input['Qualifier'] === 'string' ? input['Qualifier'] : name[2];
  const raw = input['Payload'];
  const payload = raw === undefined ? '{}' : typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (!(await functions.exists(name[1]!, qualifier ?? '$LATEST'))) {
    throw targetFailure('ResourceNotFoundException', `Function not found: ${String(input['FunctionName'])}${qualifier ? `:${qualifier}` : ''}`);
  }
  try {
    JSON.parse(payload);
  } catch {
    throw targetFailure('InvalidRequestContentException', 'Could not parse request body into json');
  }
  await functions.enqueue(name[1]!, payload, qualifier === '$LATEST' ? undefined : qualifier);
}
