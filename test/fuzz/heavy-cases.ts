import type { FuzzCase } from './fuzz-case.js';
import { deepArray } from './raw-json.js';

const MB = 1024 * 1024;

/**
 * The expensive mutations, run once each rather than drawn at random: bodies of 5–17 MB and nesting
 * 100,000 deep, at the places each service reads them.
 */
export const heavyCases: readonly FuzzCase[] = [
  { entry: 'DynamoDB PutItem', mutations: [{ op: 'hugeString', at: 'Item.data.S', size: 15 * MB }] },
  { entry: 'DynamoDB PutItem', mutations: [{ op: 'hugeString', at: 'Item.data.S', size: 17 * MB }] },
  { entry: 'DynamoDB BatchWriteItem', mutations: [{ op: 'hugeString', at: 'RequestItems.Items[1].PutRequest.Item.data.S', size: 15 * MB }] },
  { entry: 'DynamoDB PutItem', mutations: [{ op: 'deep', at: 'Item.nested', depth: 100_000, form: 'attribute' }] },
  { entry: 'DynamoDB TransactWriteItems', mutations: [{ op: 'deep', at: 'TransactItems[1].Update.ExpressionAttributeValues.:v', depth: 5000, form: 'attribute' }] },
  { entry: 'DynamoDB Query', mutations: [{ op: 'deep', at: 'ExclusiveStartKey.sk', depth: 100_000, form: 'array' }] },
  { entry: 'SQS SendMessage', mutations: [{ op: 'hugeString', at: 'MessageBody', size: 15 * MB }] },
  { entry: 'SQS SendMessageBatch', mutations: [{ op: 'hugeString', at: 'Entries[1].MessageBody', size: MB + 1 }] },
  { entry: 'SQS SendMessage', mutations: [{ op: 'unknownMember', at: '(root)', name: 'Deep', value: deepArray(100_000) }] },
  { entry: 'SQS CreateQueue', mutations: [{ op: 'jsonInString', at: 'Attributes.RedrivePolicy', depth: 100_000 }] },
  { entry: 'Lambda Invoke', mutations: [{ op: 'hugeString', at: 'marker', size: 7 * MB }] },
  { entry: 'Lambda Invoke (Event)', mutations: [{ op: 'hugeString', at: 'marker', size: 300_000 }] },
  { entry: 'Lambda Invoke', mutations: [{ op: 'deep', at: 'list', depth: 100_000, form: 'array' }] },
  { entry: 'Lambda CreateEventSourceMapping (stream)', mutations: [{ op: 'jsonInString', at: 'FilterCriteria.Filters[0].Pattern', depth: 100_000 }] },
  { entry: 'Lambda CreateEventSourceMapping (queue)', mutations: [{ op: 'jsonInString', at: 'FilterCriteria.Filters[0].Pattern', depth: 2000 }] },
  { entry: 'Lambda UpdateEventSourceMapping', mutations: [{ op: 'deep', at: 'FilterCriteria', depth: 100_000, form: 'object' }] },
  { entry: 'Console DynamoDB PutItem', mutations: [{ op: 'hugeString', at: 'Item.data.S', size: 2 * MB }] },
  { entry: 'Console DynamoDB PutItem', mutations: [{ op: 'deep', at: 'Item.nested', depth: 100_000, form: 'attribute' }] },
  { entry: 'Console SQS SendMessage', mutations: [{ op: 'hugeString', at: 'MessageBody', size: MB + 1 }] },
  { entry: 'Console POST /_eddy/functions/invoke', mutations: [{ op: 'deep', at: 'payload', depth: 100_000, form: 'array' }] },
  { entry: 'Console POST /_eddy/functions/invoke', mutations: [{ op: 'hugeString', at: 'payload.marker', size: 7 * MB }] },
  { entry: 'Admin POST /_eddy/mappings/rewind (time)', mutations: [{ op: 'hugeString', at: 'time', size: MB }] },
  { entry: 'Admin POST /_eddy/mappings/retry', mutations: [{ op: 'deep', at: 'uuid', depth: 100_000, form: 'object' }] },
  { entry: 'Admin POST /_eddy/functions/logs', mutations: [{ op: 'deep', at: 'limit', depth: 100_000, form: 'object' }] },
  { entry: 'App POST /echo', mutations: [{ op: 'hugeString', at: 'marker', size: 11 * MB }] },
  { entry: 'App POST /echo', mutations: [{ op: 'hugeString', at: 'marker', size: 5 * MB }] },
  { entry: 'App POST /echo', mutations: [{ op: 'deep', at: 'nested', depth: 100_000, form: 'array' }] },
];
