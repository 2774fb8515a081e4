import type { IncomingMessage } from 'node:http';
import type { Logger } from '../shared/logger.js';
import { ServiceError } from '../shared/service-error.js';
import type { RequestTarget } from './request-target.js';

/**
 * Requests for services and operations Eddy does not provide. Each gets an error in the protocol its
 * client speaks (so the SDK raises it, with the message, instead of failing to parse or retrying a
 * 500) that says in words what is missing, and Eddy logs one line per service and operation.
 */

/** Where to read what Eddy serves. */
const WHAT_WORKS = 'what Eddy serves is listed in docs/what-works.md';

/** Service names for the X-Amz-Target prefixes of AWS JSON-protocol services users are likely to point here. */
const TARGET_SERVICES: Readonly<Record<string, string>> = {
  DynamoDB_20120810: 'DynamoDB',
  DynamoDBStreams_20120810: 'DynamoDB Streams',
  AmazonSQS: 'SQS',
  AWSEvents: 'EventBridge',
  Kinesis_20131202: 'Kinesis',
  Firehose_20150804: 'Kinesis Data Firehose',
  AWSStepFunctions: 'Step Functions',
  AmazonSSM: 'Systems Manager',
  secretsmanager: 'Secrets Manager',
  TrentService: 'KMS',
  Logs_20140328: 'CloudWatch Logs',
  AWSCognitoIdentityProviderService: 'Cognito user pools',
  AmazonEC2ContainerServiceV20141113: 'ECS',
  AWSShineFrontendService_20170701: 'Athena',
  CertificateManager: 'ACM',
  AWSSecurityTokenServiceV20110615: 'STS',
};

/** Service names for SigV4 credential scopes (the service part of `Credential=AKID/date/region/SERVICE/aws4_request`). */
const SCOPE_SERVICES: Readonly<Record<string, string>> = {
  s3: 'S3',
  sns: 'SNS',
  sqs: 'SQS',
  sts: 'STS',
  iam: 'IAM',
  lambda: 'Lambda',
  events: 'EventBridge',
  scheduler: 'EventBridge Scheduler',
  pipes: 'EventBridge Pipes',
  cloudformation: 'CloudFormation',
  apigateway: 'API Gateway',
  execute_api: 'API Gateway',
  ses: 'SES',
  email: 'SES',
  monitoring: 'CloudWatch',
  logs: 'CloudWatch Logs',
  states: 'Step Functions',
  kinesis: 'Kinesis',
};

/** The service of a SigV4-signed request (header or presigned URL), e.g. `s3`; undefined when unsigned. */
export function signingService(req: IncomingMessage): string | undefined {
  const credential = /Credential=[^/,&\s]*(?:\/|%2F)[^/,&\s]*?(?:\/|%2F)[^/,&\s]*?(?:\/|%2F)([a-z0-9_-]+)(?:\/|%2F)aws4_request/i;
  const header = req.headers.authorization;
  const found = (typeof header === 'string' && credential.exec(header)) || credential.exec(req.url ?? '');
  return found ? found[1]!.toLowerCase() : undefined;
}

export const serviceOfTarget = (prefix: string): string => TARGET_SERVICES[prefix] ?? `the service behind X-Amz-Target ${prefix}`;
export const serviceOfScope = (scope: string | undefined): string =>
  scope === undefined ? 'this service' : (SCOPE_SERVICES[scope] ?? `${scope} (the service in the request's signature)`);

/** What an unserved request is, for the message and the log line. */
export interface UnservedRequest {
  /** e.g. `EventBridge`, `S3` */
  service: string;
  /** e.g. `PutEvents`, `GET /my-bucket/key` */
  operation: string;
  /** A hint after the message, e.g. where Eddy's functions come from. */
  hint?: string;
}

export const unservedMessage = (what: UnservedRequest): string =>
  `Eddy does not provide ${what.service} ${what.operation}${what.hint ? ` (${what.hint})` : ''}; ${WHAT_WORKS}.`;

/** Logs each unserved service and operation once (the first 1,000 of them, so no client can grow the set forever). */
export class UnservedLog {
  readonly #seen = new Set<string>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  note(what: UnservedRequest): void {
    const key = `${what.service} ${what.operation}`;
    if (this.#seen.has(key) || this.#seen.size >= 1_000) return;
    this.#seen.add(key);
    this.#logger.warn(`eddy: a client asked for ${key}, which Eddy does not provide (answered with an error; logged once)`);
  }
}

/** The JSON protocols' answer (status 400, as AWS answers an unknown operation). */
export const unknownJsonOperation = (what: UnservedRequest): ServiceError =>
  new ServiceError('com.amazon.coral.service#UnknownOperationException', unservedMessage(what));

const shortened = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}...` : text);

/** An X-Amz-Target Eddy has no operation for. */
export function jsonRequest(target: string | string[] | undefined, scope: string | undefined): UnservedRequest {
  if (typeof target !== 'string' || target === '') return { service: serviceOfScope(scope), operation: '(a JSON request without X-Amz-Target)' };
  const dot = target.indexOf('.');
  if (dot <= 0) return { service: serviceOfScope(scope), operation: `X-Amz-Target ${shortened(target)}` };
  return { service: serviceOfTarget(shortened(target.slice(0, dot))), operation: shortened(target.slice(dot + 1)) };
}

export function queryRequest(scope: string | undefined, action: string | null): UnservedRequest {
  return {
    service: serviceOfScope(scope),
    operation: action ? shortened(action) : '(a query request without Action)',
    ...(scope === 'sqs' && { hint: "only over SQS's JSON protocol, which AWS SDKs released from 2023 on speak" }),
  };
}

/** S3's operation by the shape of a path-style request (the SDKs use path style for an IP endpoint). */
export function s3Request(method: string, target: RequestTarget): UnservedRequest {
  const depth = target.path.split('/').filter((part) => part !== '').length;
  const names: Record<string, readonly [string, string, string]> = {
    GET: ['ListBuckets', target.query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects', 'GetObject'],
    HEAD: ['HeadBuckets', 'HeadBucket', 'HeadObject'],
    PUT: ['PUT /', 'CreateBucket', 'PutObject'],
    DELETE: ['DELETE /', 'DeleteBucket', 'DeleteObject'],
    POST: ['POST /', target.query.has('delete') ? 'DeleteObjects' : 'POST on a bucket', target.query.has('uploads') ? 'CreateMultipartUpload' : 'POST on an object'],
  };
  const name = names[method]?.[Math.min(depth, 2)] ?? `${shortened(method, 20)} ${shortened(target.path, 200)}`;
  return { service: 'S3', operation: name };
}
