import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeliveryActivity, EventActivity } from '../bus/bus-activity.js';
import { deliveryLine, eventLine, skippedLine } from './bus-activity-lines.js';

const event = (more: Partial<EventActivity> = {}): EventActivity => ({
  type: 'event',
  bus: 'app',
  id: '3f1c2a9b-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
  source: 'my-service.database',
  detailType: 'INSERT',
  time: '2026-03-14T12:03:40Z',
  acceptedAt: '2026-03-14T12:03:41.250Z',
  resources: [],
  matched: ['customerCounts', 'audit'],
  archivedBy: [],
  ...more,
});

const delivery = (more: Partial<DeliveryActivity>): DeliveryActivity => ({
  type: 'delivery',
  bus: 'app',
  rule: 'audit',
  targetId: 'fn',
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:audit',
  eventId: '3f1c2a9b-0d4e-4f5a-8b6c-7d8e9f0a1b2c',
  outcome: 'delivered',
  attempt: 1,
  durationMs: 3,
  at: '2026-03-14T12:03:41.253Z',
  ...more,
});

describe('eddy events tail lines', () => {
  it('an event: accepted at (UTC), bus, source, detail-type, the start of its id, the rules it matched', () => {
    assert.equal(eventLine(event()), '12:03:41 app  my-service.database  INSERT  3f1c2a9b  → customerCounts, audit');
    assert.equal(eventLine(event({ matched: [] })), '12:03:41 app  my-service.database  INSERT  3f1c2a9b  → no rule');
    assert.equal(
      eventLine(event({ matched: ['audit'], replayName: 'yesterday', archivedBy: [] })),
      '12:03:41 app  my-service.database  INSERT  3f1c2a9b  → audit  (replay yesterday)',
    );
    assert.equal(eventLine(event({ archivedBy: ['everything', 'inserts'] })), '12:03:41 app  my-service.database  INSERT  3f1c2a9b  → customerCounts, audit  [archived: everything, inserts]');
    assert.equal(eventLine(event({ bus: 'ap', matched: [], busMissing: true })), '12:03:41 ap  my-service.database  INSERT  3f1c2a9b  ✗ no such bus: dropped');
    assert.equal(eventLine(event({ source: 'aws.events', detailType: 'Scheduled Event', matched: ['nightly'] })), '12:03:41 app  aws.events  Scheduled Event  3f1c2a9b  → nightly');
  });

  it('a delivery: ✓ with its duration (and attempt after a retry), ↻ with the error and the next attempt, ✗ dead-lettered to its queue or dropped', () => {
    assert.equal(deliveryLine(delivery({ rule: 'customerCounts', targetId: 'counts-queue' })), '  ✓ 3f1c2a9b customerCounts/counts-queue  3 ms');
    assert.equal(deliveryLine(delivery({ attempt: 3, durationMs: 12 })), '  ✓ 3f1c2a9b audit/fn  12 ms  (attempt 3)');
    assert.equal(
      deliveryLine(delivery({ outcome: 'retry', attempt: 2, error: 'THROTTLING: Rate exceeded', nextAttemptAt: '2026-03-14T12:03:43.900Z' })),
      '  ↻ 3f1c2a9b audit/fn  attempt 2: THROTTLING: Rate exceeded; next attempt 12:03:43',
    );
    assert.equal(
      deliveryLine(
        delivery({ outcome: 'deferred', attempt: 1, error: 'THROTTLING: API destination slack is at its invocation rate limit (1 a second).', nextAttemptAt: '2026-03-14T12:03:43.900Z' }),
      ),
      '  … 3f1c2a9b audit/fn  attempt 1 waits until 12:03:43: API destination slack is at its invocation rate limit (1 a second).',
    );
    assert.equal(
      deliveryLine(delivery({ outcome: 'dead-lettered', error: 'NO_RESOURCE: Function not found', deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:bus-dlq' })),
      '  ✗ 3f1c2a9b audit/fn  attempt 1: NO_RESOURCE: Function not found; dead-lettered to bus-dlq',
    );
    assert.equal(deliveryLine(delivery({ outcome: 'dropped', attempt: 4, error: 'SDK_CLIENT_ERROR: boom' })), '  ✗ 3f1c2a9b audit/fn  attempt 4: SDK_CLIENT_ERROR: boom; dropped');
    assert.equal(deliveryLine(delivery({ outcome: 'dropped', attempt: 1, error: 'SDK_CLIENT_ERROR: 503 Service Unavailable.' })), '  ✗ 3f1c2a9b audit/fn  attempt 1: SDK_CLIENT_ERROR: 503 Service Unavailable; dropped');
  });

  it('an error stays on one line and is cut at 200 characters', () => {
    const line = deliveryLine(delivery({ outcome: 'dropped', error: `INTERNAL_ERROR: Error: x\n    at f (a.ts:1:1)\n${'y'.repeat(300)}` }));
    assert.ok(!line.includes('\n'));
    assert.match(line, /attempt 1: INTERNAL_ERROR: Error: x at f \(a\.ts:1:1\) y+…; dropped$/);
    assert.equal(line.length, '  ✗ 3f1c2a9b audit/fn  attempt 1: '.length + 200 + '; dropped'.length);
  });

  it('says what a tail that fell behind skipped', () => {
    assert.equal(skippedLine(120, 33), '… 120 events and 33 delivery outcomes not shown: the tail fell behind');
    assert.equal(skippedLine(1, 0), '… 1 event not shown: the tail fell behind');
    assert.equal(skippedLine(0, 1), '… 1 delivery outcome not shown: the tail fell behind');
  });
});
