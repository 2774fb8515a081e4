import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startEddy } from '../../src/main.js';
import { DataDirectoryInUseError } from '../../src/storage/sqlite/data-directory-lock.js';
import { dynamoClient } from '../helpers/eddy.js';
import { runEddyCli, startEddyCli } from '../helpers/cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'eddy-data-lock-'));
const refusal = (dir: string, pid: number, endpoint: string) =>
  `data directory ${dir} is already in use by another Eddy (pid ${pid} on ${endpoint})`;

describe('one Eddy per data directory', () => {
  it('eddy start on a directory another eddy start holds is refused, the first keeps serving, and a kill -9 frees it', async () => {
    const dir = tempDir();
    const first = await startEddyCli(['--port', '0', '--data', dir, '--durability', 'process']);
    try {
      const client = dynamoClient(first.endpoint);
      await client.send(new CreateTableCommand({ TableName: 'Kept', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));

      const second = runEddyCli(['start', '--port', '0', '--data', dir]);
      const started = await second.waitFor(/ready on/).then(() => true, () => false); // false once it exits without
      if (started) second.child.kill('SIGKILL');
      assert.equal(started, false, 'a second Eddy started on the directory');
      assert.equal((await second.exited).code, 1);
      assert.equal(second.stderr(), `eddy start: ${refusal(dir, first.child.pid!, first.endpoint)}: stop it first, or give this one another --data directory (or --memory)\n`);
      assert.equal(second.stdout(), '');

      await client.send(new PutItemCommand({ TableName: 'Kept', Item: { pk: { S: 'after-refusal' } } }));
      client.destroy();
      first.child.kill('SIGKILL');
      assert.equal((await first.exited).signal, 'SIGKILL');

      const third = await startEddyCli(['--port', '0', '--data', dir, '--durability', 'process']);
      const again = dynamoClient(third.endpoint);
      assert.deepEqual((await again.send(new GetItemCommand({ TableName: 'Kept', Key: { pk: { S: 'after-refusal' } } }))).Item, { pk: { S: 'after-refusal' } });
      again.destroy();
      third.child.kill('SIGTERM');
      assert.deepEqual(await third.exited, { code: 0, signal: null });
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
      await first.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second startEddy in the same process on one directory is refused; once the first stops, the directory is free', async () => {
    const dir = tempDir();
    const first = await startEddy({ port: 0, data: dir, durability: 'process', log: false });
    try {
      await assert.rejects(startEddy({ port: 0, data: dir, durability: 'process', log: false }), (error: unknown) => {
        assert.ok(error instanceof DataDirectoryInUseError);
        assert.equal(error.message, refusal(dir, process.pid, first.endpoint));
        return true;
      });
      const client = dynamoClient(first.endpoint);
      assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, []);
      client.destroy();
      // Memory storage and another directory are not this directory's.
      const inMemory = await startEddy({ port: 0, memory: true, data: dir, log: false });
      await inMemory.stop();
      const elsewhere = await startEddy({ port: 0, data: join(dir, 'other'), durability: 'process', log: false });
      await elsewhere.stop();
    } finally {
      await first.stop();
    }
    const next = await startEddy({ port: 0, data: dir, durability: 'process', log: false });
    await next.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
