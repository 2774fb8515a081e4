// AWS::Serverless::SimpleTable → AWS::DynamoDB::Table, same id (SEMANTICS.md H.1 "SimpleTable";
// samtranslator model/sam_resources.py SamSimpleTable).
import { resourceDetail } from './function-code.js';
import { passThroughAttributes } from './function.js';
import { type Globals, withGlobals } from './globals.js';
import { isObject, pick, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplateResource, TemplateValue } from './types.js';

const ATTRIBUTE_TYPES: Record<string, string> = { String: 'S', Number: 'N', Binary: 'B' };

export function expandSimpleTable(logicalId: string, resource: TemplateResource, globals: Globals, context: TransformContext): void {
  const path = ['Resources', logicalId, 'Properties'];
  const properties = withGlobals(globals, 'SimpleTable', resource.Properties ?? {}, resource.IgnoreGlobals);
  const key = properties.PrimaryKey ?? { Name: 'id', Type: 'String' };
  if (!isObject(key) || key.Name === undefined || typeof key.Type !== 'string' || !(key.Type in ATTRIBUTE_TYPES)) {
    context.fail(resourceDetail(path, "'PrimaryKey' must have a Name and a Type of String, Number or Binary."), [...path, 'PrimaryKey']);
  }
  const { Name: name, Type: type } = key as { Name: TemplateValue; Type: string };
  const table: TemplateObject = {
    ...pick(properties, ['TableName']),
    AttributeDefinitions: [{ AttributeName: name, AttributeType: ATTRIBUTE_TYPES[type]! }],
    KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
  };
  if (properties.ProvisionedThroughput !== undefined) table.ProvisionedThroughput = properties.ProvisionedThroughput;
  else table.BillingMode = 'PAY_PER_REQUEST';
  if (isObject(properties.Tags)) table.Tags = Object.entries(properties.Tags).map(([Key, Value]) => ({ Key, Value }));
  Object.assign(table, pick(properties, ['SSESpecification', 'PointInTimeRecoverySpecification']));
  context.add(logicalId, { ...passThroughAttributes(resource), Type: 'AWS::DynamoDB::Table', Properties: table }, ['Resources', logicalId]);
}
