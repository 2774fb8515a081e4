import type { ServiceOperations } from '../scheduler/firing/universal-targets.js';
import type { JsonService } from './json-service.js';

/** SDK service identifiers (as universal targets name them) → the X-Amz-Target prefix of the JSON service Eddy serves them with. */
const PREFIXES: Readonly<Record<string, string>> = {
  dynamodb: 'DynamoDB_20120810',
  dynamodbstreams: 'DynamoDBStreams_20120810',
  sqs: 'AmazonSQS',
  eventbridge: 'AWSEvents',
};

/**
 * Eddy's JSON services' operations, for Scheduler's universal targets: the same handlers the wire calls,
 * with the request JSON as the wire would have parsed it, in process (no HTTP, no signature).
 */
export function serviceOperations(services: () => readonly JsonService[]): ServiceOperations {
  return {
    find(service, operation) {
      const prefix = PREFIXES[service];
      const json = prefix === undefined ? undefined : services().find((s) => s.targetPrefix === prefix);
      if (json === undefined) return undefined;
      return json.operations.get(operation) ?? null;
    },
  };
}
