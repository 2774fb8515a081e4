import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEventBusCommand, DescribeEventBusCommand, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import { startTestEddy, type TestEddy } from '../../helpers/eddy.js';
import { runEddyCli } from '../../helpers/cli.js';

describe('an export carries bus policies (PutPermission)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-export-bus-policies-'));
  const file = join(dir, 'state.jsonl');
  let source: TestEddy;
  let copy: TestEddy;

  before(async () => {
    source = await startTestEddy();
    await source.events.send(new CreateEventBusCommand({ Name: 'shop' }));
    await source.events.send(new PutPermissionCommand({ EventBusName: 'shop', Action: 'events:PutEvents', Principal: '111122223333', StatementId: 'partner' }));
    await source.events.send(new PutPermissionCommand({ Action: 'events:PutEvents', Principal: '*', StatementId: 'org', Condition: { Type: 'StringEquals', Key: 'aws:PrincipalOrgID', Value: 'o-abc' } }));
    const cli = runEddyCli(['export', file, '--endpoint', source.endpoint]);
    assert.equal((await cli.exited).code, 0, cli.stderr());
    copy = await startTestEddy({ import: file });
  });
  after(async () => {
    await source?.stop();
    await copy?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives a created bus and the default bus (which had none) the exported policy", async () => {
    for (const Name of ['shop', 'default']) {
      const [was, now] = await Promise.all([source, copy].map((e) => e.events.send(new DescribeEventBusCommand({ Name }))));
      assert.ok(was!.Policy, `${Name} has a policy`);
      assert.deepEqual(JSON.parse(now!.Policy ?? 'null'), JSON.parse(was!.Policy!));
    }
  });
});
