import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { dynamoClient, sqsClient } from '../helpers/eddy.js';
import { runEddyCli } from '../helpers/cli.js';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: dev
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub orders-\${Stage}
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      StreamSpecification: { StreamViewType: NEW_IMAGE }
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 45
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
Outputs:
  OrdersStream:
    Value: !GetAtt Orders.StreamArn
  JobsUrl:
    Value: !Ref Jobs
`;

function project(files: Record<string, string>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'eddy-templates-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('eddy start with a template', () => {
  it('finds template.yaml, applies --parameter, prints the Outputs and what is not emulated', async () => {
    const dir = project({ 'template.yaml': TEMPLATE });
    const cli = runEddyCli(['start', '--port', '0', '--memory', '--parameter', 'Stage=prod'], dir);
    try {
      const [, endpoint] = (await cli.waitFor(/ready on (http:\/\/\S+)/))!;
      await cli.waitFor(/try:/);
      const ddb = dynamoClient(endpoint!);
      const { Table } = await ddb.send(new DescribeTableCommand({ TableName: 'orders-prod' }));
      const out = cli.stdout();
      assert.match(out, new RegExp(`template: ${join(dir, 'template.yaml')} \\(2 created`));
      assert.ok(out.includes(`    OrdersStream = ${Table!.LatestStreamArn}\n`), out);
      assert.ok(out.includes(`    JobsUrl = ${endpoint}/000000000000/Jobs\n`), out);
      assert.ok(out.includes('    AWS::IAM::Role: Role\n'), out);
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad template with its file, line and path, and a bad --parameter flag', async () => {
    const dir = project({ 'template.yaml': TEMPLATE.replace('!GetAtt Orders.StreamArn', '!GetAtt Missing.Arn') });
    try {
      const cli = runEddyCli(['start', '--port', '0', '--memory', '--template', 'template.yaml'], dir);
      assert.equal((await cli.exited).code, 1);
      assert.equal(
        cli.stderr(),
        `eddy start: the configuration is not valid:\n${join(dir, 'template.yaml')}:24:20: Template format error: Unresolved resource dependencies [Missing] in the Outputs block of the template (at /Outputs/OrdersStream/Value/Fn::GetAtt)\n`,
      );
      const flag = runEddyCli(['start', '--port', '0', '--memory', '--parameter', 'Stage'], dir);
      assert.equal((await flag.exited).code, 2);
      assert.equal(flag.stderr(), "eddy start: --parameter must be Key=Value, got 'Stage'\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with an eddy.config beside a named template, the config adds to it and overrides what both name', async () => {
    const config = JSON.stringify({ queues: { Jobs: { visibilityTimeout: 90 }, extra: {} } });
    const dir = project({ 'template.yaml': TEMPLATE, 'eddy.config.json': config });
    const alone = runEddyCli(['start', '--port', '0', '--memory'], dir);
    const both = runEddyCli(['start', '--port', '0', '--memory', '--template', 'template.yaml'], dir);
    try {
      await alone.waitFor(/try:/);
      assert.ok(alone.stdout().includes(`  note:    ${join(dir, 'template.yaml')} is not used: ${join(dir, 'eddy.config.json')} was found first (start with --template ${join(dir, 'template.yaml')} to run both)\n`), alone.stdout());
      const [, endpoint] = (await both.waitFor(/ready on (http:\/\/\S+)/))!;
      await both.waitFor(/try:/);
      assert.ok(both.stdout().includes(`template: ${join(dir, 'template.yaml')} + ${join(dir, 'eddy.config.json')} (`), both.stdout());
      const sqs = sqsClient(endpoint!);
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'Jobs' }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['VisibilityTimeout'] }));
      assert.equal(Attributes!['VisibilityTimeout'], '90');
      await sqs.send(new GetQueueUrlCommand({ QueueName: 'extra' }));
      await dynamoClient(endpoint!).send(new DescribeTableCommand({ TableName: 'orders-dev' }));
    } finally {
      alone.child.kill('SIGTERM');
      both.child.kill('SIGTERM');
      await Promise.all([alone.exited, both.exited]);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('eddy dev applies a saved template and keeps the data', async () => {
    const dir = project({ 'template.yaml': TEMPLATE });
    const cli = runEddyCli(['dev', '--port', '0', '--data', join(dir, '.eddy'), '--template', 'template.yaml'], dir);
    try {
      const [, endpoint] = (await cli.waitFor(/ready on (http:\/\/\S+)/))!;
      await cli.waitFor(/  watching function sources and the template: saved changes apply at once\n/);
      const ddb = dynamoClient(endpoint!);
      await ddb.send(new PutItemCommand({ TableName: 'orders-dev', Item: { id: { S: 'o1' } } }));
      writeFileSync(join(dir, 'template.yaml'), TEMPLATE.replace('VisibilityTimeout: 45', 'VisibilityTimeout: 60').replace('  Role:\n', '  Audit:\n    Type: AWS::SQS::Queue\n  Role:\n'));
      await cli.waitFor(/config: \+queue Audit, ~queue Jobs \(VisibilityTimeout 45 → 60\)\n/);
      assert.deepEqual((await ddb.send(new GetItemCommand({ TableName: 'orders-dev', Key: { id: { S: 'o1' } } }))).Item, { id: { S: 'o1' } });
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
