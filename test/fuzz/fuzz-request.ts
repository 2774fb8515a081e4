/** The shapes the fuzz test passes around: a corpus entry builds a valid request, mutations change it. */

/** A request before its body is serialized: `json` (mutable by JSON mutations) or raw `body` bytes. */
export interface FuzzRequest {
  /** Eddy's AWS endpoint, or the application port serving the config's HTTP routes. */
  port: 'aws' | 'app';
  method: string;
  /** Path and query as sent; node:http sends it as latin1 bytes. */
  path: string;
  headers: Record<string, string | string[]>;
  json?: unknown;
  body?: Buffer;
  /** A Server-Sent Events feed: the answer's head is enough, then the request is aborted. */
  feed?: boolean;
  /** How a 2xx answer counts for the markers: the whole request, or only the entries in `Successful`. */
  accepts?: 'whole' | 'successful-entries';
}

/** A request as it goes on the wire. */
export interface WireRequest {
  readonly port: 'aws' | 'app';
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Buffer;
  readonly feed: boolean;
  /** e.g. `#812 DynamoDB PutItem: hugeString at Item.data (1048577 chars)`. */
  readonly label: string;
}

/** Values only known once Eddy runs (ARNs, receipt handles, mapping ids) and what the run created. */
export interface LiveState {
  readonly region: string;
  readonly account: string;
  readonly endpoint: string;
  readonly itemsStreamArn: string;
  readonly itemsShardId: string;
  readonly itemsShardIterator: string;
  readonly itemsFirstSequence: string;
  readonly mappedStreamArn: string;
  readonly scratchTableArn: string;
  /** A receipt handle of a message in `scratch` (carries no marker; deleting it hides nothing). */
  readonly scratchReceipt: string;
  readonly mappingUuid: string;
  readonly moveTaskHandle: string;
  /** Tables, queues and mappings accepted Create requests made; Delete requests take them from here. */
  readonly createdTables: string[];
  readonly createdQueues: string[];
  readonly createdMappings: string[];
  /** Buses and rules (of bus `app`) accepted EventBridge creates made. */
  readonly createdBuses: string[];
  readonly createdRules: string[];
  /** Archives and replays accepted EventBridge creates made (DeleteArchive and CancelReplay take them). */
  readonly createdArchives: string[];
  readonly createdReplays: string[];
  /** The ARN of the connection `kept` (API key), on which the API destination `kept` calls. */
  readonly keptConnectionArn: string;
  /** Connections and API destinations accepted creates made (Deauthorize, Delete take them). */
  readonly createdConnections: string[];
  readonly createdApiDestinations: string[];
  /** Functions and aliases (of `managed`) accepted Lambda creates made (DeleteFunction, DeleteAlias take them). */
  readonly createdFunctions: string[];
  readonly createdAliases: string[];
  /** Policy statement ids (of `managed`) accepted AddPermission requests made. */
  readonly createdStatements: string[];
}

/** A valid request of one operation; `build(n)` carries request n's markers wherever a write would keep them. */
export interface CorpusEntry {
  readonly name: string;
  build(n: number, live: LiveState): FuzzRequest;
}

export const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00';

/**
 * A placeholder signature in SigV4's form (Eddy always checks the form; the fuzzed Eddy verifies no
 * values): the Authorization header and the X-Amz-Date it names.
 */
export const SIGNATURE = { authorization: AUTHORIZATION, 'x-amz-date': '20260101T000000Z' } as const;

/** A request to an AWS JSON 1.0 service on `POST /`. */
export function awsJson(target: string, json: unknown, accepts: FuzzRequest['accepts'] = 'whole'): FuzzRequest {
  return {
    port: 'aws',
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target, ...SIGNATURE },
    json,
    accepts,
  };
}

/** A request to Lambda's REST API. */
export function lambdaRest(method: string, path: string, json?: unknown, headers: Record<string, string> = {}): FuzzRequest {
  return {
    port: 'aws',
    method,
    path,
    headers: { 'content-type': 'application/json', ...SIGNATURE, ...headers },
    ...(json !== undefined && { json }),
  };
}
