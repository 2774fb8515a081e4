import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEddy, type TestEddy } from '../helpers/eddy.js';
import { env, needsAwsCli, needsBoto3, run } from '../helpers/other-clients.js';
import { makeZip } from '../helpers/zip.js';

describe('other clients: the AWS CLI and boto3', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it('AWS CLI creates a table, writes and reads an item', { skip: needsAwsCli }, async () => {
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
    const created = await aws(
      'dynamodb', 'create-table', '--table-name', 'CliTable',
      '--attribute-definitions', 'AttributeName=id,AttributeType=S',
      '--key-schema', 'AttributeName=id,KeyType=HASH',
      '--billing-mode', 'PAY_PER_REQUEST',
    );
    assert.equal(created.TableDescription.TableName, 'CliTable');
    await aws('dynamodb', 'put-item', '--table-name', 'CliTable', '--item', '{"id":{"S":"a"},"n":{"N":"1.50"}}');
    const got = await aws('dynamodb', 'get-item', '--table-name', 'CliTable', '--key', '{"id":{"S":"a"}}');
    assert.deepEqual(got.Item, { id: { S: 'a' }, n: { N: '1.5' } });
    const listed = await aws('dynamodb', 'list-tables');
    assert.ok(listed.TableNames.includes('CliTable'));
    await assert.rejects(
      run('aws', ['dynamodb', 'describe-table', '--table-name', 'Missing', '--endpoint-url', eddy.endpoint], { env }),
      (error: { stderr: string }) => /ResourceNotFoundException/.test(error.stderr),
    );
  });

  it('boto3 talks to Eddy with CRC32 checks on, tables and streams', { skip: needsBoto3 }, async () => {
    const script = `
import json, sys, boto3
from botocore.exceptions import ClientError
c = boto3.client('dynamodb', endpoint_url=sys.argv[1], region_name='us-east-1')
c.create_table(TableName='BotoTable', KeySchema=[{'AttributeName':'pk','KeyType':'HASH'},{'AttributeName':'sk','KeyType':'RANGE'}],
  AttributeDefinitions=[{'AttributeName':'pk','AttributeType':'S'},{'AttributeName':'sk','AttributeType':'N'}],
  BillingMode='PAY_PER_REQUEST', StreamSpecification={'StreamEnabled': True, 'StreamViewType': 'NEW_AND_OLD_IMAGES'})
c.put_item(TableName='BotoTable', Item={'pk':{'S':'p'},'sk':{'N':'1'},'tags':{'SS':['x','y']},'blob':{'B':b'\\x00\\x01'}})
c.update_item(TableName='BotoTable', Key={'pk':{'S':'p'},'sk':{'N':'1'}}, UpdateExpression='ADD visits :one', ExpressionAttributeValues={':one':{'N':'1'}})
item = c.get_item(TableName='BotoTable', Key={'pk':{'S':'p'},'sk':{'N':'1'}})['Item']
try:
    c.put_item(TableName='BotoTable', Item={'pk':{'S':'p'},'sk':{'N':'1'}}, ConditionExpression='attribute_not_exists(pk)')
    code = None
except ClientError as e:
    code = e.response['Error']['Code']
s = boto3.client('dynamodbstreams', endpoint_url=sys.argv[1], region_name='us-east-1')
arn = c.describe_table(TableName='BotoTable')['Table']['LatestStreamArn']
shard = s.describe_stream(StreamArn=arn)['StreamDescription']['Shards'][0]['ShardId']
it = s.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
events = [r['eventName'] for r in s.get_records(ShardIterator=it)['Records']]
print(json.dumps({'visits': item['visits'], 'blob': list(item['blob']['B']), 'tags': sorted(item['tags']['SS']), 'code': code, 'events': events}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    assert.deepEqual(JSON.parse(stdout), { visits: { N: '1' }, blob: [0, 1], tags: ['x', 'y'], code: 'ConditionalCheckFailedException', events: ['INSERT', 'MODIFY'] });
  });

  it('boto3 sends, receives and deletes SQS messages, FIFO included, and gets typed errors', { skip: needsBoto3 }, async () => {
    const script = `
import json, sys, boto3
q = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1')
url = q.create_queue(QueueName='boto-queue')['QueueUrl']
sent = q.send_message(QueueUrl=url, MessageBody='hello', MessageAttributes={'kind': {'DataType': 'String', 'StringValue': 'greeting'}})
got = q.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=['All'], MessageSystemAttributeNames=['ApproximateReceiveCount'])['Messages']
q.delete_message(QueueUrl=url, ReceiptHandle=got[0]['ReceiptHandle'])
fifo = q.create_queue(QueueName='boto.fifo', Attributes={'FifoQueue': 'true', 'ContentBasedDeduplication': 'true'})['QueueUrl']
for body in ['a', 'b', 'a']:
    q.send_message(QueueUrl=fifo, MessageBody=body, MessageGroupId='g')
bodies = [m['Body'] for m in q.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)['Messages']]
try:
    q.get_queue_url(QueueName='missing')
    code = None
except q.exceptions.QueueDoesNotExist as e:
    code = e.response['Error']['Code']
print(json.dumps({'md5': sent['MD5OfMessageBody'], 'body': got[0]['Body'], 'kind': got[0]['MessageAttributes']['kind']['StringValue'],
  'md5attrs': got[0]['MD5OfMessageAttributes'] == sent['MD5OfMessageAttributes'], 'count': got[0]['Attributes']['ApproximateReceiveCount'],
  'left': q.receive_message(QueueUrl=url).get('Messages', []), 'fifo': bodies, 'code': code}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    assert.deepEqual(JSON.parse(stdout), {
      md5: '5d41402abc4b2a76b9719d911017c592',
      body: 'hello',
      kind: 'greeting',
      md5attrs: true,
      count: '1',
      left: [],
      fifo: ['a', 'b'],
      code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('AWS CLI sends and receives SQS messages', { skip: needsAwsCli }, async () => {
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
    const { QueueUrl } = await aws('sqs', 'create-queue', '--queue-name', 'cli-queue');
    assert.equal(QueueUrl, `${eddy.endpoint}/000000000000/cli-queue`);
    await aws('sqs', 'send-message', '--queue-url', QueueUrl, '--message-body', 'from the cli');
    const { Messages } = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--wait-time-seconds', '1');
    assert.deepEqual(Messages.map((m: { Body: string }) => m.Body), ['from the cli']);
    await aws('sqs', 'delete-message', '--queue-url', QueueUrl, '--receipt-handle', Messages[0].ReceiptHandle);
    const attributes = await aws('sqs', 'get-queue-attributes', '--queue-url', QueueUrl, '--attribute-names', 'ApproximateNumberOfMessages');
    assert.deepEqual(attributes, { Attributes: { ApproximateNumberOfMessages: '0' } });
  });

  it('AWS CLI creates a bus, puts a rule and a target, lists them, puts events that reach the queue', { skip: needsAwsCli }, async () => {
    const aws = async (...args: string[]) =>
      JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
    const { EventBusArn } = await aws('events', 'create-event-bus', '--name', 'cli-bus');
    assert.equal(EventBusArn, 'arn:aws:events:us-east-1:000000000000:event-bus/cli-bus');
    const { RuleArn } = await aws('events', 'put-rule', '--name', 'cli-rule', '--event-bus-name', 'cli-bus', '--event-pattern', '{"source":["cli"]}');
    assert.equal(RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/cli-bus/cli-rule');
    const put = await aws('events', 'put-targets', '--rule', 'cli-rule', '--event-bus-name', 'cli-bus', '--targets', 'Id=q,Arn=arn:aws:sqs:us-east-1:000000000000:cli-queue');
    assert.equal(put.FailedEntryCount, 0);
    const { Rules } = await aws('events', 'list-rules', '--event-bus-name', 'cli-bus');
    assert.deepEqual(Rules.map((r: { Name: string; State: string }) => [r.Name, r.State]), [['cli-rule', 'ENABLED']]);
    const { Targets } = await aws('events', 'list-targets-by-rule', '--rule', 'cli-rule', '--event-bus-name', 'cli-bus');
    assert.deepEqual(Targets, [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:cli-queue' }]);
    const entries = JSON.stringify([{ EventBusName: 'cli-bus', Source: 'cli', DetailType: 'Order Placed', Detail: '{"order":7}' }, { EventBusName: 'cli-bus', Source: 'not-cli', DetailType: 'x', Detail: '{}' }]);
    const sent = await aws('events', 'put-events', '--entries', entries);
    assert.equal(sent.FailedEntryCount, 0);
    assert.equal(sent.Entries.length, 2);
    const QueueUrl = `${eddy.endpoint}/000000000000/cli-queue`;
    const { Messages } = await aws('sqs', 'receive-message', '--queue-url', QueueUrl, '--wait-time-seconds', '10');
    const envelope = JSON.parse(Messages[0].Body);
    assert.deepEqual([envelope.id, envelope.source, envelope['detail-type'], envelope.detail], [sent.Entries[0].EventId, 'cli', 'Order Placed', { order: 7 }]);
  });

  it('boto3 creates a bus, rules and targets, puts events (one transformed into a queue, one refused), creates an archive, gets typed errors', { skip: needsBoto3 }, async () => {
    const script = `
import json, sys, boto3
e = boto3.client('events', endpoint_url=sys.argv[1], region_name='us-east-1')
e.create_event_bus(Name='boto-bus', Tags=[{'Key': 'team', 'Value': 'orders'}])
rule = e.put_rule(Name='boto-rule', EventBusName='boto-bus', EventPattern=json.dumps({'source': ['boto']}))['RuleArn']
e.put_targets(Rule='boto-rule', EventBusName='boto-bus', Targets=[{'Id': 'fn', 'Arn': 'arn:aws:lambda:us-east-1:000000000000:function:f', 'InputPath': '$.detail'}])
bus = e.describe_event_bus(Name='boto-bus')
try:
    e.delete_rule(Name='boto-rule', EventBusName='boto-bus')
    code = None
except e.exceptions.ClientError as err:
    code = err.response['Error']['Code']
q = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='us-east-1')
url = q.create_queue(QueueName='boto-bus-queue')['QueueUrl']
e.put_rule(Name='to-queue', EventBusName='boto-bus', EventPattern=json.dumps({'detail': {'total': [{'numeric': ['>', 10]}]}}))
e.put_targets(Rule='to-queue', EventBusName='boto-bus', Targets=[{'Id': 'q', 'Arn': 'arn:aws:sqs:us-east-1:000000000000:boto-bus-queue',
  'InputTransformer': {'InputPathsMap': {'total': '$.detail.total'}, 'InputTemplate': '{"total": <total>, "rule": "<aws.events.rule-name>"}'}}])
import datetime
sent = e.put_events(Entries=[{'EventBusName': 'boto-bus', 'Source': 'shop', 'DetailType': 'Order', 'Detail': json.dumps({'total': 12.5}), 'Time': datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)},
  {'EventBusName': 'boto-bus', 'Source': 'shop', 'DetailType': 'Order', 'Detail': json.dumps({'total': 3})}, {'Source': 'shop'}])
body = q.receive_message(QueueUrl=url, WaitTimeSeconds=10)['Messages'][0]['Body']
archive = e.create_archive(ArchiveName='boto-archive', EventSourceArn=bus['Arn'], RetentionDays=3)
print(json.dumps({'rule': rule, 'created': type(bus['CreationTime']).__name__, 'failed': sent['FailedEntryCount'], 'errors': [x.get('ErrorCode') for x in sent['Entries']],
  'body': json.loads(body), 'archive': archive['State'], 'archiveCreated': type(archive['CreationTime']).__name__, 'rules': [r['Name'] for r in e.list_rules(EventBusName='boto-bus')['Rules']],
  'targets': e.list_targets_by_rule(Rule='boto-rule', EventBusName='boto-bus')['Targets'], 'code': code,
  'match': e.test_event_pattern(EventPattern='{"source":["boto"]}', Event=json.dumps({'id': '1', 'account': '1', 'source': 'boto', 'time': 't', 'region': 'r', 'detail-type': 'd'}))['Result']}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    assert.deepEqual(JSON.parse(stdout), {
      rule: 'arn:aws:events:us-east-1:000000000000:rule/boto-bus/boto-rule',
      created: 'datetime',
      failed: 1,
      errors: [null, null, 'InvalidArgument'],
      body: { total: 12.5, rule: 'to-queue' },
      archive: 'ENABLED',
      archiveCreated: 'datetime',
      rules: ['boto-rule', 'to-queue'],
      targets: [{ Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:000000000000:function:f', InputPath: '$.detail' }],
      code: 'ValidationException',
      match: true,
    });
  });

  it('AWS CLI deploys a function with create-function --zip-file fileb://… and invokes it', { skip: needsAwsCli }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-cli-fn-'));
    try {
      const zip = join(dir, 'function.zip');
      writeFileSync(zip, makeZip({ 'index.mjs': 'export const handler = async (event) => ({ doubled: event.n * 2 });' }));
      const aws = async (...args: string[]) => JSON.parse((await run('aws', [...args, '--endpoint-url', eddy.endpoint, '--output', 'json'], { env })).stdout || '{}');
      const created = await aws(
        'lambda', 'create-function', '--function-name', 'cli-fn', '--runtime', 'nodejs22.x', '--handler', 'index.handler',
        '--role', 'arn:aws:iam::000000000000:role/cli', '--zip-file', `fileb://${zip}`,
      );
      assert.equal(created.FunctionName, 'cli-fn');
      assert.equal(created.State, 'Pending');
      const out = join(dir, 'out.json');
      // AWS CLI v2 reads --payload as base64 unless told otherwise; v1 (Debian's) takes it as it is.
      const version = await run('aws', ['--version'], { env, encoding: 'utf8' });
      const rawPayload = /^aws-cli\/1\./.test(`${version.stdout}${version.stderr}`) ? [] : ['--cli-binary-format', 'raw-in-base64-out'];
      const invoked = await aws('lambda', 'invoke', '--function-name', 'cli-fn', ...rawPayload, '--payload', '{"n":21}', out);
      assert.equal(invoked.StatusCode, 200);
      assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { doubled: 42 });
      const got = await aws('lambda', 'get-function', '--function-name', 'cli-fn');
      assert.equal(got.Configuration.State, 'Active');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("boto3 deploys a Python function from a zip, waits with Lambda's waiters, updates, publishes, aliases and invokes it", { skip: needsBoto3 }, async () => {
    const script = `
import io, json, sys, zipfile, boto3
l = boto3.client('lambda', endpoint_url=sys.argv[1], region_name='us-east-1')
def package(label):
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w') as f:
        f.writestr('app.py', 'def handler(event, context):\\n    return {"label": "%s", "n": event["n"]}\\n' % label)
    return b.getvalue()
created = l.create_function(FunctionName='boto-fn', Runtime='python3.12', Role='arn:aws:iam::000000000000:role/r', Handler='app.handler', Code={'ZipFile': package('one')})
l.get_waiter('function_active_v2').wait(FunctionName='boto-fn')
first = json.load(l.invoke(FunctionName='boto-fn', Payload=b'{"n": 1}')['Payload'])
l.update_function_code(FunctionName='boto-fn', ZipFile=package('two'))
l.get_waiter('function_updated_v2').wait(FunctionName='boto-fn')
version = l.publish_version(FunctionName='boto-fn')['Version']
l.create_alias(FunctionName='boto-fn', Name='live', FunctionVersion=version)
out = l.invoke(FunctionName='boto-fn', Qualifier='live', Payload=b'{"n": 2}')
try:
    l.get_alias(FunctionName='boto-fn', Name='nope')
    missing = None
except l.exceptions.ResourceNotFoundException as e:
    missing = e.response['Error']['Message']
print(json.dumps({'state': created['State'], 'first': first, 'executed': out['ExecutedVersion'], 'second': json.load(out['Payload']), 'missing': missing}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint], { env });
    assert.deepEqual(JSON.parse(stdout), {
      state: 'Pending',
      first: { label: 'one', n: 1 },
      executed: '1',
      second: { label: 'two', n: 2 },
      missing: 'Cannot find alias arn: arn:aws:lambda:us-east-1:000000000000:function:boto-fn:nope',
    });
  });
});
