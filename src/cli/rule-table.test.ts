import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeliveryCounts, RuleStatus } from '../bus/rule-status.js';
import { ruleTable } from './rule-table.js';

const counts = (more: Partial<DeliveryCounts> = {}): DeliveryCounts => ({ matched: 0, delivered: 0, pending: 0, retrying: 0, failed: 0, deadLettered: 0, ...more });

const rule = (name: string, more: Partial<RuleStatus>): RuleStatus => ({
  bus: 'app',
  name,
  arn: `arn:aws:events:us-east-1:000000000000:rule/app/${name}`,
  state: 'ENABLED',
  targets: [],
  counts: counts(),
  ...more,
});

describe('eddy rules table', () => {
  it('one row per target, the rule on its first row, counters right-aligned, the pattern or schedule last', () => {
    const table = ruleTable([
      rule('customerCounts', {
        eventPattern: '{"source":["my-service.database"]}',
        targets: [
          { id: 'counts-queue', arn: 'arn:aws:sqs:us-east-1:000000000000:counts-queue', counts: counts({ matched: 12, delivered: 12 }) },
          { id: 'audit', arn: 'arn:aws:lambda:us-east-1:000000000000:function:audit', counts: counts({ matched: 12, delivered: 9, pending: 2, retrying: 1, deadLettered: 1 }) },
        ],
      }),
      rule('nightly', { state: 'DISABLED', scheduleExpression: 'cron(0 3 * * ? *)', targets: [{ id: 'old', removed: true, counts: counts({ matched: 3, failed: 3 }) }] }),
      rule('idle', { eventPattern: '{"source":["x"]}' }),
    ]);
    assert.equal(
      table,
      [
        'BUS  RULE            STATE     TARGET         MATCHED  DELIVERED  PENDING  RETRYING  FAILED  DEAD-LETTERED  MATCHES',
        'app  customerCounts  ENABLED   counts-queue        12         12        0         0       0              0  {"source":["my-service.database"]}',
        '                               audit               12          9        2         1       0              1',
        'app  nightly         DISABLED  old (removed)        3          0        0         0       3              0  cron(0 3 * * ? *)',
        'app  idle            ENABLED   -                    -          -        -         -       -              -  {"source":["x"]}',
        '',
      ].join('\n'),
    );
  });

  it('cuts a long pattern at 60 characters', () => {
    const pattern = JSON.stringify({ source: ['my-service.database'], 'detail-type': ['INSERT', 'MODIFY', 'REMOVE'] });
    const [, row] = ruleTable([rule('r', { eventPattern: pattern, targets: [{ id: 't', arn: 'a', counts: counts() }] })]).split('\n');
    assert.ok(row!.endsWith(`  ${pattern.slice(0, 59)}…`), row);
  });
});
