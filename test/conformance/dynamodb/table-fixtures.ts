import assert from 'node:assert/strict';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { RawResponse } from '../../helpers/eddy.js';

/** Helpers of the table control-plane suites. */

let counter = 0;
/** A table name no other test uses. */
export const tableName = (prefix = 'tbl'): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

/** A PAY_PER_REQUEST table keyed by `pk` (S), optionally with a sort key `sk` (N), plus `extra`. */
export function hashTable(name: string, extra: Partial<CreateTableCommandInput> = {}, sortKey = false): CreateTableCommandInput {
  return {
    TableName: name,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, ...(sortKey ? [{ AttributeName: 'sk', KeyType: 'RANGE' as const }] : [])],
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      ...(sortKey ? [{ AttributeName: 'sk', AttributeType: 'N' as const }] : []),
    ],
    BillingMode: 'PAY_PER_REQUEST',
    ...extra,
  };
}

/** The PartiQL suites' table: HASH pk (S), RANGE sk (N), a global index byEmail on email (S), projecting everything. */
export const ordersTable = (name: string): CreateTableCommandInput =>
  hashTable(
    name,
    {
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'N' },
        { AttributeName: 'email', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
    },
    true,
  );

/** Asserts that `promise` rejects with the SDK error `name` and exactly `message`; returns the error. */
export async function rejectsWith(promise: Promise<unknown>, name: string, message: string): Promise<any> {
  let error: any;
  await assert.rejects(promise, (e: any) => {
    error = e;
    assert.equal(e.name, name, `error name (message: ${e.message})`);
    assert.equal(e.message, message);
    return true;
  });
  return error;
}

export const validationError = (promise: Promise<unknown>, message: string) => rejectsWith(promise, 'ValidationException', message);

/** Asserts a raw response is a 400 with `__type` ending in `#type` and exactly `message`. */
export function assertRawError(res: RawResponse, type: string, message: string): void {
  assert.equal(res.status, 400, res.text);
  assert.equal(String(res.json?.__type).split('#')[1], type, res.text);
  assert.equal(res.json?.message ?? res.json?.Message, message);
}
