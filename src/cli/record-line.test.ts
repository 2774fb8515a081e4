import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordLine, type TailRecord } from './record-line.js';

const at = 1_773_480_413; // 2026-03-14T09:26:53Z

describe('eddy tail line format', () => {
  it('shows time, event, table, keys and added attributes of an INSERT', () => {
    const record: TailRecord = {
      eventName: 'INSERT',
      dynamodb: {
        ApproximateCreationDateTime: at,
        Keys: { userId: { S: 'u1' }, n: { N: '7' } },
        NewImage: { userId: { S: 'u1' }, n: { N: '7' }, name: { S: 'Ada' }, email: { S: 'a@x' } },
      },
    };
    assert.equal(recordLine('Users', record), '09:26:53 INSERT Users {userId: "u1", n: 7} + name, email');
  });

  it('splits a MODIFY into added, changed and removed attributes', () => {
    const record: TailRecord = {
      eventName: 'MODIFY',
      dynamodb: {
        ApproximateCreationDateTime: at,
        Keys: { id: { S: 'a' } },
        OldImage: { id: { S: 'a' }, name: { S: 'Ada' }, gone: { BOOL: true }, same: { N: '1' } },
        NewImage: { id: { S: 'a' }, name: { S: 'Ada L.' }, born: { N: '1815' }, same: { N: '1' } },
      },
    };
    assert.equal(recordLine('T', record), '09:26:53 MODIFY T {id: "a"} + born ~ name - gone');
  });

  it('marks TTL deletes and lists the removed attributes', () => {
    const record: TailRecord = {
      eventName: 'REMOVE',
      userIdentity: { PrincipalId: 'dynamodb.amazonaws.com' },
      dynamodb: { ApproximateCreationDateTime: at, Keys: { id: { B: 'AAE=' } }, OldImage: { id: { B: 'AAE=' }, exp: { N: '1' } } },
    };
    assert.equal(recordLine('T', record), '09:26:53 REMOVE T {id: b64:AAE=} (TTL) - exp');
  });

  it('prints keys only for a KEYS_ONLY stream', () => {
    const record: TailRecord = { eventName: 'MODIFY', dynamodb: { ApproximateCreationDateTime: at, Keys: { id: { S: 'a' } } } };
    assert.equal(recordLine('T', record), '09:26:53 MODIFY T {id: "a"}');
  });
});
