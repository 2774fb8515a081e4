import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { drainMessages, newQueue } from '../events/delivery-fixtures.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

// .ci/run installs Debian's python3-boto3 (1.26, which knows Scheduler); a machine without it skips, saying why.
describe('Scheduler from boto3', () => {
  let eddy: TestEddy;
  let hasBoto3 = false;
  before(async () => {
    eddy = await startTestEddy();
    hasBoto3 = await run('python3', ['-c', 'import boto3; boto3.client("scheduler", region_name="us-east-1")'], { env }).then(
      () => true,
      () => false,
    );
  });
  after(() => eddy?.stop());

  it('creates a group and a schedule, reads, lists and tags them, gets typed errors, and the schedule runs', async (t) => {
    if (!hasBoto3) return t.skip('python3-boto3 with Scheduler is not installed (apt-get install python3-boto3)');
    const queue = await newQueue(eddy, 'boto');
    const script = `
import json, sys, datetime, boto3
from botocore.exceptions import ClientError
s = boto3.client('scheduler', endpoint_url=sys.argv[1], region_name='us-east-1')
group = s.create_schedule_group(Name='boto-group', Tags=[{'Key': 'k', 'Value': 'v'}])
created = s.create_schedule(Name='boto-schedule', GroupName='boto-group', ScheduleExpression='rate(1 hour)',
  FlexibleTimeWindow={'Mode': 'OFF'}, Target={'Arn': sys.argv[2], 'RoleArn': 'arn:aws:iam::000000000000:role/r', 'Input': 'from boto3'})
got = s.get_schedule(Name='boto-schedule', GroupName='boto-group')
listed = [x['Name'] for x in s.list_schedules(GroupName='boto-group')['Schedules']]
tags = s.list_tags_for_resource(ResourceArn=group['ScheduleGroupArn'])['Tags']
errors = []
for call in (lambda: s.get_schedule(Name='missing'),
             lambda: s.create_schedule_group(Name='boto-group'),
             lambda: s.create_schedule(Name='bad', ScheduleExpression='rate(1 fortnight)', FlexibleTimeWindow={'Mode': 'OFF'},
               Target={'Arn': sys.argv[2], 'RoleArn': 'arn:aws:iam::000000000000:role/r'})):
    try:
        call()
    except ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']])
print(json.dumps({'group': group['ScheduleGroupArn'], 'created': created['ScheduleArn'], 'state': got['State'],
  'created_type': type(got['CreationDate']).__name__, 'listed': listed, 'tags': tags, 'errors': errors}))
`;
    const { stdout } = await run('python3', ['-c', script, eddy.endpoint, queue.arn], { env });
    assert.deepEqual(JSON.parse(stdout), {
      group: 'arn:aws:scheduler:us-east-1:000000000000:schedule-group/boto-group',
      created: 'arn:aws:scheduler:us-east-1:000000000000:schedule/boto-group/boto-schedule',
      state: 'ENABLED',
      created_type: 'datetime',
      listed: ['boto-schedule'],
      tags: [{ Key: 'k', Value: 'v' }],
      errors: [
        ['ResourceNotFoundException', 404, 'Schedule missing does not exist.'],
        ['ConflictException', 409, 'Schedule group boto-group already exists.'],
        ['ValidationException', 400, 'Invalid Schedule Expression rate(1 fortnight).'],
      ],
    });
    await eddy.admin('/_eddy/scheduler/fire'); // rate() without a StartDate runs at once
    assert.deepEqual((await drainMessages(eddy, queue)).map((m) => m.Body), ['from boto3']);
  });
});
