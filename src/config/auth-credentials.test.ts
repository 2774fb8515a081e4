import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCredentials, readAuthFile } from './auth-credentials.js';

describe('auth credentials', () => {
  it('checks each pair and names what is wrong', () => {
    const problems: string[] = [];
    const report = (path: string, message: string) => problems.push(`${path}: ${message}`);
    assert.deepEqual(checkCredentials([{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 's3cr3t/key+x' }], 'auth.credentials', report), [{ accessKeyId: 'AKIDLOCAL', secretAccessKey: 's3cr3t/key+x' }]);
    assert.deepEqual(problems, []);
    checkCredentials([], 'auth.credentials', report);
    checkCredentials([{ accessKeyId: 'a b', secretAccessKey: 'x' }, { accessKeyId: 'AKID1', secretAccessKey: '' }, { accessKeyId: 'AKID2', secretAccessKey: 'x' }, { accessKeyId: 'AKID2', secretAccessKey: 'y' }], 'auth.credentials', report);
    assert.deepEqual(problems, [
      'auth.credentials: expected a non-empty list of { accessKeyId, secretAccessKey }',
      'auth.credentials[0].accessKeyId: expected 3 to 128 letters and digits',
      'auth.credentials[1].secretAccessKey: expected a string without spaces',
      'auth.credentials[3].accessKeyId: AKID2 is given twice',
    ]);
  });

  it('reads a JSON file or an AWS CLI credentials file; a missing or empty file is an error naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-auth-'));
    try {
      const json = join(dir, 'auth.json');
      await writeFile(json, JSON.stringify({ credentials: [{ accessKeyId: 'AKIDJSON', secretAccessKey: 'one' }] }));
      assert.deepEqual(await readAuthFile(json), [{ accessKeyId: 'AKIDJSON', secretAccessKey: 'one' }]);
      const ini = join(dir, 'credentials');
      await writeFile(ini, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = two\n\n# a comment\n[ci]\nregion = eu-west-1\n[other]\nAWS_ACCESS_KEY_ID=AKIDOTHER\naws_secret_access_key=three\n');
      assert.deepEqual(await readAuthFile(ini), [
        { accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'two' },
        { accessKeyId: 'AKIDOTHER', secretAccessKey: 'three' },
      ]);
      await assert.rejects(readAuthFile(join(dir, 'nope')), /--auth-file .*nope: no such file/);
      const empty = join(dir, 'empty');
      await writeFile(empty, '[default]\nregion = us-east-1\n');
      await assert.rejects(readAuthFile(empty), /credentials: expected a non-empty list/);
      await writeFile(json, '{ not json');
      await assert.rejects(readAuthFile(json), /not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
