import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, ListTagsOfResourceCommand, TagResourceCommand, type Tag } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { assertRawError, hashTable, rejectsWith, tableName, validationError } from './table-fixtures.js';

const arnOf = (name: string) => `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;

describe('TagResource', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  const tag = (ResourceArn: string, Tags: Tag[]) => eddy.ddb.send(new TagResourceCommand({ ResourceArn, Tags }));
  const tagsOf = async (name: string) => (await eddy.ddb.send(new ListTagsOfResourceCommand({ ResourceArn: arnOf(name) }))).Tags;
  const newTable = async (Tags?: Tag[]) => {
    const name = tableName();
    await eddy.ddb.send(new CreateTableCommand(hashTable(name, Tags ? { Tags } : {})));
    return name;
  };

  it('adds tags and replaces the value of an existing key', async () => {
    const name = await newTable([{ Key: 'env', Value: 'dev' }]);
    await tag(arnOf(name), [
      { Key: 'team', Value: 'core' },
      { Key: 'env', Value: 'prod' },
    ]);
    assert.deepEqual(await tagsOf(name), [
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'core' },
    ]);
  });

  it('accepts letters of any script, spaces and + - = . _ : / @, and empty values', async () => {
    const name = await newTable();
    await tag(arnOf(name), [
      { Key: 'ключ café 表', Value: 'a+b-c=d.e_f:g/h@i' },
      { Key: 'empty', Value: '' },
    ]);
    assert.equal((await tagsOf(name))!.length, 2);
  });

  it('rejects bad tags, applying none of the request', async () => {
    const name = await newTable();
    await validationError(tag(arnOf(name), [{ Key: 'ok', Value: '1' }, { Key: 'k'.repeat(129), Value: 'v' }]), `The Tag Key provided is invalid, Key: ${'k'.repeat(129)}`);
    await validationError(tag(arnOf(name), [{ Key: 'ok', Value: 'a,b' }]), 'The Tag Value provided is invalid, Value: a,b');
    await validationError(tag(arnOf(name), [{ Key: 'aws:zzz', Value: 'v' }]), 'Tag Key cannot be prefixed with aws:, Key: aws:zzz');
    await validationError(
      tag(arnOf(name), [
        { Key: 'dup', Value: '1' },
        { Key: 'dup', Value: '2' },
      ]),
      'Duplicate Tag Keys provided as input: Duplicate Tag Key found dup',
    );
    await validationError(tag(arnOf(name), []), 'Atleast one Tag needs to be provided as Input.');
    assert.deepEqual(await tagsOf(name), []);
  });

  it('holds at most 50 tags', async () => {
    const name = await newTable(Array.from({ length: 45 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })));
    await validationError(
      tag(arnOf(name), Array.from({ length: 6 }, (_, i) => ({ Key: `n${i}`, Value: 'v' }))),
      'Number of Tags exceed the current limit for the provided ResourceArn',
    );
    await tag(arnOf(name), Array.from({ length: 5 }, (_, i) => ({ Key: `n${i}`, Value: 'v' })));
    assert.equal((await tagsOf(name))!.length, 50);
  });

  it('answers ResourceNotFoundException for an unknown table', async () => {
    await rejectsWith(
      tag(arnOf('ghost-table'), [{ Key: 'a', Value: 'b' }]),
      'ResourceNotFoundException',
      `Requested resource not found: ResourcArn: ${arnOf('ghost-table')} not found`,
    );
  });

  it('checks the ARN', async () => {
    await validationError(tag('not-an-arn', [{ Key: 'a', Value: 'b' }]), "One or more parameter values were invalid: ARNs must start with 'arn:': not-an-arn");
    await validationError(
      tag('arn:aws:sqs:us-east-1:000000000000:queue', [{ Key: 'a', Value: 'b' }]),
      'One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: arn:aws:sqs:us-east-1:000000000000:queue',
    );
    const index = `${arnOf('abc')}/index/byX`;
    await validationError(
      tag(index, [{ Key: 'a', Value: 'b' }]),
      `One or more parameter values were invalid: Invalid resource arn provided, only table or stream is accepted. Provided resource arn: ${index}`,
    );
    const otherRegion = 'arn:aws:dynamodb:eu-west-1:000000000000:table/abc';
    await validationError(tag(otherRegion, [{ Key: 'a', Value: 'b' }]), `Invalid TableArn: Invalid ResourceArn provided as input ${otherRegion}`);
  });

  it('requires ResourceArn and Tags', async () => {
    assertRawError(
      await eddy.raw('TagResource', {}),
      'ValidationException',
      "2 validation errors detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  });
});
