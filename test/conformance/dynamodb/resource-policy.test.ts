import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateTableCommand,
  DeleteResourcePolicyCommand,
  DeleteTableCommand,
  GetResourcePolicyCommand,
  PutResourcePolicyCommand,
  UpdateTableCommand,
  type PutResourcePolicyCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ManualClock } from '../../../src/shared/clock.js';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/';
const NOT_FOUND = 'Resource-based policy not found for the provided ResourceArn: ';

/** A policy document as a user writes it: indented, so storing it "faithfully" is visible. */
const policyOf = (action: string) =>
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: [action], Resource: '*' }],
    },
    null,
    2,
  );

describe('Resource-based policies', () => {
  let eddy: TestEddy;
  const clock = new ManualClock(Date.UTC(2026, 4, 1, 12, 0, 0, 0));
  before(async () => {
    eddy = await startTestEddy({ clock });
  });
  after(() => eddy.stop());

  const put = async (input: PutResourcePolicyCommandInput) => (await eddy.ddb.send(new PutResourcePolicyCommand(input))).RevisionId!;
  const get = (ResourceArn: string) => eddy.ddb.send(new GetResourcePolicyCommand({ ResourceArn }));
  const remove = (ResourceArn: string, ExpectedRevisionId?: string) =>
    eddy.ddb.send(new DeleteResourcePolicyCommand({ ResourceArn, ExpectedRevisionId }));
  const newTable = async (extra: Parameters<typeof hashTable>[1] = {}) => {
    const name = tableName('pol');
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, extra)));
    return name;
  };

  it('puts a policy and gets it back byte for byte with its revision', async () => {
    const name = await newTable();
    const document = policyOf('dynamodb:GetItem');
    const revision = await put({ ResourceArn: ARN + name, Policy: document });
    assert.equal(revision, String(clock.now()));
    const got = await get(ARN + name);
    assert.equal(got.Policy, document);
    assert.equal(got.RevisionId, revision);
  });

  it('answers the same revision for the same document, a later one for a different document', async () => {
    const name = await newTable();
    const first = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*') });
    assert.equal(await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*') }), first);
    // Two writes within one millisecond still get distinct, increasing revisions.
    const second = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:PutItem') });
    const third = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:Query') });
    assert.ok(Number(second) > Number(first) && Number(third) > Number(second), `${first} < ${second} < ${third}`);
    assert.equal((await get(ARN + name)).RevisionId, third);
  });

  it('updates against the current revision and refuses an older one', async () => {
    const name = await newTable();
    const first = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*') });
    clock.advance(1000);
    const second = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:PutItem'), ExpectedRevisionId: first });
    assert.notEqual(second, first);
    await rejectsWith(
      put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:GetItem'), ExpectedRevisionId: first }),
      'PolicyNotFoundException',
      `${NOT_FOUND}Requested update for policy with revision id ${first}, but the policy associated to target table ${name} has revision id ${second}.`,
    );
    assert.equal((await get(ARN + name)).Policy, policyOf('dynamodb:PutItem'));
  });

  it('takes NO_POLICY only while there is no policy', async () => {
    const name = await newTable();
    const revision = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*'), ExpectedRevisionId: 'NO_POLICY' });
    await rejectsWith(
      put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:GetItem'), ExpectedRevisionId: 'NO_POLICY' }),
      'PolicyNotFoundException',
      `${NOT_FOUND}Requested policy update expecting none to be present for table ${name}, but a policy exists with revision id ${revision}.`,
    );
    assert.equal((await get(ARN + name)).RevisionId, revision);
  });

  it('accepts ConfirmRemoveSelfResourceAccess (policies are not enforced)', async () => {
    const name = await newTable();
    const deny = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'dynamodb:*', Resource: '*' }] });
    await put({ ResourceArn: ARN + name, Policy: deny, ConfirmRemoveSelfResourceAccess: true });
    assert.equal((await get(ARN + name)).Policy, deny);
  });

  it('answers PolicyNotFoundException for a table without a policy', async () => {
    const name = await newTable();
    await rejectsWith(get(ARN + name), 'PolicyNotFoundException', `${NOT_FOUND}${ARN}${name}`);
  });

  it('deletes: idempotent without a revision, checked with one', async () => {
    const name = await newTable();
    const old = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*') });
    clock.advance(1000);
    const current = await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:PutItem') });
    await rejectsWith(
      remove(ARN + name, old),
      'PolicyNotFoundException',
      `${NOT_FOUND}Requested update for policy with revision id ${old}, but the policy associated to target table ${name} has revision id ${current}.`,
    );
    assert.equal((await remove(ARN + name, current)).RevisionId, current);
    await rejectsWith(get(ARN + name), 'PolicyNotFoundException', `${NOT_FOUND}${ARN}${name}`);
    // Deleting again is no error without ExpectedRevisionId, and PolicyNotFoundException with one.
    assert.equal((await remove(ARN + name)).RevisionId, undefined);
    await rejectsWith(remove(ARN + name, current), 'PolicyNotFoundException', `${NOT_FOUND}${ARN}${name}`);
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    const message = 'Requested resource not found: Table: no-such-table not found';
    await rejectsWith(put({ ResourceArn: `${ARN}no-such-table`, Policy: policyOf('dynamodb:*') }), 'ResourceNotFoundException', message);
    await rejectsWith(get(`${ARN}no-such-table`), 'ResourceNotFoundException', message);
    await rejectsWith(remove(`${ARN}no-such-table`), 'ResourceNotFoundException', message);
  });

  it('forgets the policy with its table', async () => {
    const name = await newTable();
    await put({ ResourceArn: ARN + name, Policy: policyOf('dynamodb:*') });
    await eddy.ddb.send(new DeleteTableCommand({ TableName: name }));
    await eddy.ddb.send(new CreateTableCommand(hashTable(name)));
    await rejectsWith(get(ARN + name), 'PolicyNotFoundException', `${NOT_FOUND}${ARN}${name}`);
  });

  it('keeps a policy on the table stream apart from the table policy', async () => {
    const name = await newTable({ StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' } });
    const described = await eddy.raw('DescribeTable', { TableName: name });
    const streamArn = described.json.Table.LatestStreamArn as string;
    const streamPolicy = policyOf('dynamodb:GetRecords');
    const revision = await put({ ResourceArn: streamArn, Policy: streamPolicy });
    assert.deepEqual(await get(streamArn).then((r) => [r.Policy, r.RevisionId]), [streamPolicy, revision]);
    await rejectsWith(get(ARN + name), 'PolicyNotFoundException', `${NOT_FOUND}${ARN}${name}`);
    await rejectsWith(
      get(`${ARN}${name}/stream/2020-01-01T00:00:00.000`),
      'ResourceNotFoundException',
      `Requested resource not found: Stream: ${ARN}${name}/stream/2020-01-01T00:00:00.000 not found`,
    );
    // A stream enabled again is a new stream: the old one's policy does not carry over.
    await eddy.ddb.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    clock.advance(1000);
    await eddy.ddb.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } }),
    );
    const next = (await eddy.raw('DescribeTable', { TableName: name })).json.Table.LatestStreamArn as string;
    await rejectsWith(get(next), 'PolicyNotFoundException', `${NOT_FOUND}${next}`);
  });

  it('stores the ResourcePolicy given to CreateTable', async () => {
    const name = tableName('pol');
    const document = policyOf('dynamodb:Query');
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, { ResourcePolicy: document })));
    const got = await get(ARN + name);
    assert.equal(got.Policy, document);
    assert.equal(got.RevisionId, String(clock.now()));
  });

  it('checks the document: a JSON object of at most 20 KB, whitespace counted', async () => {
    const name = await newTable();
    const prefix = 'One or more parameter values were invalid: Invalid policy document: ';
    await validationError(put({ ResourceArn: ARN + name, Policy: '{"Version":' }), `${prefix}the document is not valid JSON`);
    await validationError(put({ ResourceArn: ARN + name, Policy: '["a"]' }), `${prefix}the document must be a JSON object`);
    const padded = `{"Version":"2012-10-17"${' '.repeat(20 * 1024 - 24)}}`;
    assert.equal(Buffer.byteLength(padded), 20 * 1024);
    await put({ ResourceArn: ARN + name, Policy: padded });
    assert.equal((await get(ARN + name)).Policy, padded);
    await validationError(
      put({ ResourceArn: ARN + name, Policy: `${padded} ` }),
      `${prefix}the document is ${20 * 1024 + 1} bytes, over the limit of 20480 bytes (20 KB)`,
    );
    await validationError(
      eddy.ddb.send(new CreateTableCommand(hashTable(tableName('pol'), { ResourcePolicy: 'not json' }))),
      `${prefix}the document is not valid JSON`,
    );
  });

  it('checks the request: required members, ARN, revision id length', async () => {
    const name = await newTable();
    assertRawError(await eddy.raw('PutResourcePolicy', { Policy: '{}' }), 'ValidationException', "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null");
    assertRawError(await eddy.raw('PutResourcePolicy', { ResourceArn: ARN + name }), 'ValidationException', "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null");
    assertRawError(
      await eddy.raw('DeleteResourcePolicy', { ResourceArn: ARN + name, ExpectedRevisionId: 'x'.repeat(256) }),
      'ValidationException',
      `1 validation error detected: Value '${'x'.repeat(256)}' at 'expectedRevisionId' failed to satisfy constraint: Member must have length less than or equal to 255`,
    );
    const index = `${ARN}${name}/index/byEmail`;
    await validationError(
      get(index),
      `One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${index}`,
    );
    await validationError(get('not-an-arn'), "One or more parameter values were invalid: ARNs must start with 'arn:': not-an-arn");
  });
});
