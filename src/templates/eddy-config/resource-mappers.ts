// Which module maps which resource type. A type not listed here is "not emulated" (listed once at start).
import type { ResourceMapper } from './resource-mapper.js';
import { mapQueue } from './queues.js';
import { mapTable } from './tables.js';

export const RESOURCE_MAPPERS: Readonly<Record<string, ResourceMapper>> = {
  'AWS::DynamoDB::Table': mapTable,
  'AWS::DynamoDB::GlobalTable': mapTable,
  'AWS::SQS::Queue': mapQueue,
};
