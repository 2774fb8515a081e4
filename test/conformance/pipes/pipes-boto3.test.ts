import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { streamTable } from './pipes-fixtures.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3; boto3.client("pipes", region_name="us-east-1")'], { env }).status === 0;

// .ci/run installs Debian's python3-boto3 (1.26, which knows Pipes); a machine without it skips, saying why.
describe('Pipes from boto3', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy?.stop());

  it('creates, describes, stops, lists, tags and deletes a pipe, and gets typed errors', { skip: hasBoto3 ? false : 'python3-boto3 with Pipes is not installed (apt-get install python3-boto3)' }, async () => {
    const stream = await streamTable(eddy, 'BotoPipes');
    const script = `
import json, sys, time, boto3
from botocore.exceptions import ClientError
p = boto3.client('pipes', endpoint_url=sys.argv[1], region_name='us-east-1')
created = p.create_pipe(Name='boto-pipe', Source=sys.argv[2], RoleArn='arn:aws:iam::000000000000:role/r',
  SourceParameters={'DynamoDBStreamParameters': {'StartingPosition': 'LATEST', 'BatchSize': 5}},
  Target='arn:aws:events:us-east-1:000000000000:event-bus/default', Tags={'k': 'v'})
stopped = p.stop_pipe(Name='boto-pipe')
described = p.describe_pipe(Name='boto-pipe')
deadline = time.monotonic() + 20
while described['CurrentState'] == 'STOPPING' and time.monotonic() < deadline:  # until its consumer has stopped
    time.sleep(0.02)
    described = p.describe_pipe(Name='boto-pipe')
listed = [x['Name'] for x in p.list_pipes(NamePrefix='boto')['Pipes']]
p.tag_resource(resourceArn=created['Arn'], tags={'k2': 'v2'})
tags = p.list_tags_for_resource(resourceArn=created['Arn'])['tags']
errors = []
for call in (lambda: p.describe_pipe(Name='missing'),
             lambda: p.create_pipe(Name='boto-pipe', Source=sys.argv[2], RoleArn='arn:aws:iam::000000000000:role/r',
               SourceParameters={'DynamoDBStreamParameters': {'StartingPosition': 'LATEST'}}, Target='arn:aws:events:us-east-1:000000000000:event-bus/default'),
             lambda: p.create_pipe(Name='too-big', Source=sys.argv[2], RoleArn='arn:aws:iam::000000000000:role/r',
               SourceParameters={'DynamoDBStreamParameters': {'StartingPosition': 'LATEST', 'BatchSize': 50}}, Target='arn:aws:events:us-east-1:000000000000:event-bus/default')):
    try:
        call()
    except ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']] + [f['name'] for f in e.response.get('fieldList', [])])
deleted = p.delete_pipe(Name='boto-pipe')
print(json.dumps({'created': created['CurrentState'], 'stopped': stopped['CurrentState'], 'described': [described['DesiredState'], described['CurrentState']],
  'listed': listed, 'tags': tags, 'errors': errors, 'deleted': [deleted['DesiredState'], deleted['CurrentState']]}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint, stream], { env });
    assert.deepEqual(JSON.parse(stdout), {
      created: 'CREATING',
      stopped: 'STOPPING',
      described: ['STOPPED', 'STOPPED'],
      listed: ['boto-pipe'],
      tags: { k: 'v', k2: 'v2' },
      errors: [['NotFoundException', 404], ['ConflictException', 409], ['ValidationException', 400, 'SourceParameters.DynamoDBStreamParameters.BatchSize']],
      deleted: ['DELETED', 'DELETING'],
    });
  });
});
