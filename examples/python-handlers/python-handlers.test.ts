import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DeleteCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '../../test/helpers/eventually.js';
import { startTestEddy, type TestEddy } from '../../test/helpers/eddy.js';

const config = fileURLToPath(new URL('./eddy.config.ts', import.meta.url));

/** Debian's python3 and python3-boto3 (botocore 1.29, older than AWS_ENDPOINT_URL) where present: what CI installs. */
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const noPython = spawnSync(python, ['--version']).status !== 0 && `${python} does not run here: the Python handlers cannot run`;

const users = [
  { id: 'u-ada', name: 'Ada Lovelace', email: 'ada@analytical.org', company: 'Analytical Engines', createdAt: '2024-05-01T09:00:00.000Z' },
  { id: 'u-grace', name: 'Grace Hopper', email: 'grace@gmail.com', createdAt: '2024-05-02T09:00:00.000Z' },
  { id: 'u-linus', name: 'Linus Torvalds', email: 'linus@kernel.org', createdAt: '2024-05-03T09:00:00.000Z' },
  // Imported without an email: the CRM refuses the contact, the index takes the user.
  { id: 'u-ghost', name: 'Ghost Writer', email: '', createdAt: '2024-05-04T09:00:00.000Z' },
];

describe('example: python-handlers (the seeds’ consumers in Python, boto3 with no endpoint)', { skip: noPython }, () => {
  let eddy: TestEddy;
  let dataDir: string;

  before(async () => {
    const boto3 = spawnSync(python, ['-c', 'import boto3'], { encoding: 'utf8' });
    assert.equal(boto3.status, 0, `${python} cannot import boto3 (Debian: apt-get install python3-boto3): ${boto3.stderr}`);
    dataDir = mkdtempSync(join(tmpdir(), 'eddy-python-handlers-'));
    process.env['PYTHON_HANDLERS_DATA'] = dataDir;
    process.env['PYTHON_HANDLERS_PYTHON'] = python;
    eddy = await startTestEddy({ config, triggers: { retryBaseMs: 20, retryMaxMs: 200 } });
  });
  after(async () => {
    await eddy?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const search = async (q: string) => {
    const res = await fetch(`${eddy.httpEndpoint}/users/search?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { users: { id: string }[] }).users.map((user) => user.id);
  };
  const logsOf = async (fn: string): Promise<string[]> =>
    ((await eddy.admin('/_eddy/functions/logs', { function: fn, limit: 1000 })).lines as { message: string }[]).map((line) => line.message);
  const scan = async (TableName: string) => (await eddy.doc.send(new ScanCommand({ TableName }))).Items!;
  /** Every message of a queue, read once (kept invisible for the rest of the test). */
  const drained = new Map<string, string[]>();
  const receiveAll = async (QueueName: string) => {
    const { QueueUrl } = await eddy.sqs.send(new GetQueueUrlCommand({ QueueName }));
    const got = drained.get(QueueName) ?? [];
    const { Messages = [] } = await eddy.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }));
    got.push(...Messages.map((message) => message.Body!));
    drained.set(QueueName, got);
    return got;
  };

  it('users: the search index follows INSERT, MODIFY and REMOVE; the CRM copies each user, and its refusal of one is caught and logged', async () => {
    for (const user of users) await eddy.doc.send(new PutCommand({ TableName: 'users', Item: user }));
    await eddy.doc.send(new UpdateCommand({ TableName: 'users', Key: { id: 'u-grace' }, UpdateExpression: 'SET #n = :n', ExpressionAttributeNames: { '#n': 'name' }, ExpressionAttributeValues: { ':n': 'Grace Brewster Hopper' } }));
    await eddy.doc.send(new DeleteCommand({ TableName: 'users', Key: { id: 'u-linus' } }));

    // Index on INSERT / MODIFY, remove on REMOVE. Batches are indexed in stream order: once the rename
    // is searchable the indexer is under way, and once the delete (the last record) is, every change is.
    await eventually('the rename of u-grace in the index', () => search('brewster'), { accept: (ids) => ids.length === 1 });
    await eventually('u-linus removed from the index', () => search('linus'), { accept: (ids) => ids.length === 0 });
    assert.deepEqual(await search('lovelace'), ['u-ada']);
    assert.deepEqual(await search('analyt'), ['u-ada']);
    assert.deepEqual(await search('brewster'), ['u-grace']);
    assert.deepEqual(await search('ghost'), ['u-ghost']);

    const contacts = await eventually('the CRM copy of the delete', () => scan('crm-contacts'), { accept: (items) => items.some((item) => item['deleted'] === true) });
    const deletedAt = contacts.find((item) => item['userId'] === 'u-linus')?.['deletedAt'];
    assert.match(String(deletedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$/);
    assert.deepEqual(
      contacts.sort((a, b) => (a['userId'] < b['userId'] ? -1 : 1)),
      [
        {
          userId: 'u-ada', email: 'ada@analytical.org', emailDomain: 'analytical.org', firstName: 'Ada', lastName: 'Lovelace',
          company: 'Analytical Engines', accountType: 'business', lifecycleStage: 'lead', signupDate: '2024-05-01', deleted: false,
        },
        {
          userId: 'u-grace', email: 'grace@gmail.com', emailDomain: 'gmail.com', firstName: 'Grace', lastName: 'Brewster Hopper',
          accountType: 'personal', lifecycleStage: 'subscriber', signupDate: '2024-05-02', deleted: false,
        },
        {
          userId: 'u-linus', email: 'linus@kernel.org', emailDomain: 'kernel.org', firstName: 'Linus', lastName: 'Torvalds',
          accountType: 'business', lifecycleStage: 'lead', signupDate: '2024-05-03', deleted: true, deletedAt,
        },
      ],
    );
    const refused = (await logsOf('syncCrm')).filter((line) => line.includes('CRM refused'));
    assert.equal(refused.length, 1, refused.join('\n'));
    assert.match(
      refused[0]!,
      /^\[ERROR\]\t\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\t[0-9a-f-]{36}\tCRM refused user u-ghost: ValidationException: One or more parameter values are not valid\. A value specified for a secondary index key is not supported\. The AttributeValue for a key attribute cannot contain an empty string value\. IndexName: byEmail, IndexKey: email$/,
    );
  });

  it('users: the forwarder puts every stream record on the bus with put_events; rules route them on to queues', async () => {
    const changes = await eventually('six changes on user-changes', () => receiveAll('user-changes'), { accept: (bodies) => bodies.length >= 6 });
    const { Table } = await eddy.ddb.send(new DescribeTableCommand({ TableName: 'users' }));
    const envelopes = changes.map((body) => JSON.parse(body) as { source: string; 'detail-type': string; resources: string[]; detail: { eventName: string; dynamodb: { Keys: { id: { S: string } } } } });
    for (const envelope of envelopes) {
      assert.equal(envelope.source, 'user-signup.users');
      assert.deepEqual(envelope.resources, [Table!.LatestStreamArn]);
      assert.equal(envelope['detail-type'], envelope.detail.eventName);
    }
    assert.deepEqual(
      envelopes.map((envelope) => `${envelope['detail-type']} ${envelope.detail.dynamodb.Keys.id.S}`).sort(),
      ['INSERT u-ada', 'INSERT u-ghost', 'INSERT u-grace', 'INSERT u-linus', 'MODIFY u-grace', 'REMOVE u-linus'],
    );
    const removed = await eventually('the removed user on removed-users', () => receiveAll('removed-users'), { accept: (bodies) => bodies.length >= 1 });
    assert.deepEqual(removed.map((body) => JSON.parse(body)), [{ id: { S: 'u-linus' } }]);
  });

  it('plays: the badge awarder reads the whole history with boto3 (page by page) and awards each badge once', async () => {
    const plays = [
      ...Array.from({ length: 10 }, (_, day) => ({ playerId: 'ada', playedAt: `2024-05-${String(day + 1).padStart(2, '0')}T20:00:00.000Z` })),
      { playerId: 'ada', playedAt: '2024-05-10T21:00:00.000Z' },
      { playerId: 'bob', playedAt: '2024-05-03T08:00:00.000Z' },
    ];
    await eddy.doc.send(new BatchWriteCommand({ RequestItems: { plays: plays.slice(0, 6).map((Item) => ({ PutRequest: { Item } })) } }));
    await eddy.doc.send(new BatchWriteCommand({ RequestItems: { plays: plays.slice(6).map((Item) => ({ PutRequest: { Item } })) } }));
    const achievements = await eventually('three badges', () => scan('achievements'), { accept: (items) => items.length >= 3 });
    for (const item of achievements) assert.match(String(item['awardedAt']), /^\d{4}-\d{2}-\d{2}T.*\+00:00$/);
    assert.deepEqual(
      achievements.map(({ playerId, badge, title, earnedBy }) => ({ playerId, badge, title, earnedBy })).sort((a, b) => `${a.playerId}${a.badge}` < `${b.playerId}${b.badge}` ? -1 : 1),
      [
        { playerId: 'ada', badge: 'first-play', title: 'First play', earnedBy: '2024-05-01T20:00:00.000Z' },
        { playerId: 'ada', badge: 'ten-day-streak', title: '10 days in a row', earnedBy: '2024-05-10T20:00:00.000Z' },
        { playerId: 'bob', badge: 'first-play', title: 'First play', earnedBy: '2024-05-03T08:00:00.000Z' },
      ],
    );
    // The handler prints each award after writing it: the lines may follow the items by a moment.
    const awardLines = async () => (await logsOf('awardBadges')).filter((line) => line.startsWith('awarded '));
    const awarded = await eventually('three award lines', awardLines, { accept: (lines) => lines.length >= 3 });
    assert.deepEqual(awarded.sort(), [
      'awarded first-play to ada (earned by the play at 2024-05-01T20:00:00.000Z)',
      'awarded first-play to bob (earned by the play at 2024-05-03T08:00:00.000Z)',
      'awarded ten-day-streak to ada (earned by the play at 2024-05-10T20:00:00.000Z)',
    ]);
  });
});
