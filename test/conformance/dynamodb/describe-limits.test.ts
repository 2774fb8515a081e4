import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeLimitsCommand } from '@aws-sdk/client-dynamodb';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';

describe('DescribeLimits', () => {
  let eddy: TestEddy;
  before(async () => {
    eddy = await startTestEddy();
  });
  after(() => eddy.stop());

  it("returns AWS's default quotas", async () => {
    const out = await eddy.ddb.send(new DescribeLimitsCommand({}));
    assert.equal(out.AccountMaxReadCapacityUnits, 80000);
    assert.equal(out.AccountMaxWriteCapacityUnits, 80000);
    assert.equal(out.TableMaxReadCapacityUnits, 40000);
    assert.equal(out.TableMaxWriteCapacityUnits, 40000);
  });
});
