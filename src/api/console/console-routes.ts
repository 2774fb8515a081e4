import type { AdminRoute } from '../admin-api.js';
import { dynamodbOperations } from '../dynamodb-operations.js';
import type { JsonService } from '../json-service.js';
import { lambdaErrors } from '../../lambda/lambda-errors.js';
import { RawJson } from '../../shared/raw-json.js';
import { ServiceError } from '../../shared/service-error.js';
import { overview, type OverviewSources } from './console-overview.js';
import { peekMessages } from './queue-peek.js';

/** The SQS operations the Queues view acts with (no ReceiveMessage: it would count a receive towards the redrive policy). */
const SQS_OPERATIONS = ['SendMessage', 'PurgeQueue', 'StartMessageMoveTask', 'ListMessageMoveTasks'];
/** A synchronous invocation's largest event, as Lambda's Invoke (src/lambda/operations/invoke.ts) has it. */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024;

/**
 * The admin routes the console reads and acts through (beside the ones `eddy` commands use):
 * `GET /_eddy/overview`, `POST /_eddy/functions/invoke`, `POST /_eddy/sqs/PeekMessages` (queue-peek.ts), and `POST /_eddy/dynamodb|sqs|events/{Operation}`
 * running a DynamoDB, SQS or EventBridge operation in process — the handler the wire runs, so its answers and typed errors are
 * the service's, without signing from a browser.
 */
export function consoleRoutes(sources: OverviewSources): Record<string, AdminRoute> {
  return {
    'POST /_eddy/sqs/PeekMessages': (input) => peekMessages(sources.queues, objectBody(input)),
    'GET /_eddy/overview': () => overview(sources),
    'POST /_eddy/functions/invoke': (input) => invoke(sources, input),
    ...operationRoutes(sources.services, 'DynamoDB_20120810', 'dynamodb', Object.keys(dynamodbOperations)),
    ...operationRoutes(sources.services, 'AmazonSQS', 'sqs', SQS_OPERATIONS),
    ...operationRoutes(sources.services, 'AWSEvents', 'events', ['PutEvents', 'TestEventPattern', 'ListArchives', 'StartReplay', 'ListReplays']),
  };
}

function operationRoutes(services: () => readonly JsonService[], prefix: string, path: string, names: readonly string[]): Record<string, AdminRoute> {
  const routes: Record<string, AdminRoute> = {};
  for (const name of names) {
    routes[`POST /_eddy/${path}/${name}`] = async (input) => {
      const operation = services().find((service) => service.targetPrefix === prefix)?.operations.get(name);
      if (operation === undefined) throw new Error(`${prefix}.${name} is not served`);
      const answer = await operation(objectBody(input));
      return answer instanceof RawJson ? JSON.parse(answer.text) : answer; // GetItem, Query, Scan splice stored item text
    };
  }
  return routes;
}

function objectBody(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ServiceError('SerializationException', 'The body must be a JSON object');
  return input as Record<string, unknown>;
}

/**
 * `{ function, payload }`: one synchronous invocation of the function's $LATEST on this node, as `eddy invoke`
 * makes through the Lambda API, answered with its result, error and log lines.
 */
async function invoke(sources: OverviewSources, input: unknown): Promise<unknown> {
  const { function: name, payload } = (input ?? {}) as { function?: unknown; payload?: unknown };
  if (typeof name !== 'string' || !sources.runtime.get(name)) throw lambdaErrors.functionNotFound(typeof name === 'string' ? name : String(name));
  const event = payload === undefined ? '' : JSON.stringify(payload);
  // Lambda's Invoke refuses it (RequestResponse); the console's must not hand a function what no client could.
  if (Buffer.byteLength(event) > MAX_SYNC_PAYLOAD) throw lambdaErrors.requestTooLarge(`Request must be smaller than ${MAX_SYNC_PAYLOAD} bytes for the InvokeFunction operation`);
  const result = await sources.runtime.invoke(name, { payload: event });
  return {
    requestId: result.requestId,
    payload: answerOf(result.payload),
    ...(result.functionError && { functionError: result.functionError }),
    logs: result.logs,
    durationMs: result.durationMs,
  };
}

/** A function's answer as JSON when it is (a provided runtime may answer any text, which is shown as it came). */
function answerOf(payload: string): unknown {
  try {
    return JSON.parse(payload) as unknown;
  } catch {
    return payload;
  }
}
