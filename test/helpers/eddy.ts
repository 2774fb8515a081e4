import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { startEddy, type EddyOptions, type RunningEddy } from '../../src/main.js';
import { signRequest } from '../../src/api/sigv4/sign-request.js';
import { sharedPostgresCluster, wireTestEngine } from './postgres-cluster.js';

export interface TestEddy extends RunningEddy {
  /** Low-level client (typed attribute values), no retries so errors surface as thrown. */
  ddb: DynamoDBClient;
  /** Document client over `ddb` (plain JS values). */
  doc: DynamoDBDocumentClient;
  /** DynamoDB Streams client on the same endpoint, no retries. */
  streams: DynamoDBStreamsClient;
  /** SQS client on the same endpoint, no retries. */
  sqs: SQSClient;
  /** EventBridge client on the same endpoint, no retries. */
  events: EventBridgeClient;
  /**
   * POSTs to an admin route (e.g. `/_eddy/streams/trim`) and returns its JSON answer; throws on a non-2xx
   * status. Signed with testCredentials, so it is answered when the Eddy verifies signatures.
   */
  admin(path: string, body?: object): Promise<any>;
  /**
   * POSTs a raw JSON 1.0 request; for malformed-input tests the SDK would refuse to send. Signed with
   * testCredentials (over the headers given too) unless `headers` has its own Authorization.
   */
  raw(target: string, body: string | object, headers?: Record<string, string>): Promise<RawResponse>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

const testCluster = wireTestEngine() === 'postgres' ? sharedPostgresCluster() : undefined;

/** A new PostgreSQL database's URL when the suites run on PostgreSQL (wireTestEngine); else undefined (SQLite in memory). */
async function testStorage(): Promise<string | undefined> {
  return testCluster && (await testCluster()).createDatabase({ migrated: true });
}

export const testCredentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/** Headers SigV4-signing a request with testCredentials for `service` (`eddy` for the admin API). */
export function signedHeaders(method: string, url: string, headers: Record<string, string>, body: string, service = 'dynamodb'): Record<string, string> {
  return signRequest({ method, url: new URL(url), headers, body }, { credentials: testCredentials, region: 'us-east-1', service });
}

export function dynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

export function eventsClient(endpoint: string): EventBridgeClient {
  return new EventBridgeClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

export function streamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}

/**
 * Starts Eddy in memory on a random port with SDK clients pointed at it; call `stop()` in `after`. When the
 * suites run on PostgreSQL (wireTestEngine: EDDY_TEST_STORAGE=postgres, or EDDY_TEST_ENGINES=postgres), an Eddy
 * that would keep its state in memory keeps it in a new database of the run's throwaway PostgreSQL server
 * instead: the conformance suites run on both engines that way (scripts/test.mjs, docs/testing.md).
 */
export async function startTestEddy(options: EddyOptions = {}): Promise<TestEddy> {
  const storage = options.storage ?? (options.data === undefined ? await testStorage() : undefined);
  const eddy = await startEddy({ port: 0, memory: options.data === undefined, log: false, ...options, ...(storage && { storage }) });
  const ddb = dynamoClient(eddy.endpoint);
  const doc = DynamoDBDocumentClient.from(ddb);
  const streams = streamsClient(eddy.endpoint);
  const sqs = sqsClient(eddy.endpoint);
  const events = eventsClient(eddy.endpoint);
  const admin = async (path: string, body: object = {}) => {
    const text = JSON.stringify(body);
    const res = await fetch(`${eddy.endpoint}${path}`, { method: 'POST', headers: signedHeaders('POST', `${eddy.endpoint}${path}`, {}, text, 'eddy'), body: text });
    const answer = await res.text();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${answer}`);
    return JSON.parse(answer);
  };
  const raw = async (target: string, body: string | object, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const sent = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target.includes('.') ? target : `DynamoDB_20120810.${target}`, ...headers };
    const own = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    const res = await fetch(eddy.endpoint, { method: 'POST', headers: own ? sent : signedHeaders('POST', eddy.endpoint, sent, text), body: text });
    const answer = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text: answer, json };
  };
  return {
    ...eddy,
    ddb,
    doc,
    streams,
    sqs,
    events,
    admin,
    raw,
    stop: async () => {
      ddb.destroy();
      streams.destroy();
      sqs.destroy();
      events.destroy();
      await eddy.stop();
    },
  };
}
