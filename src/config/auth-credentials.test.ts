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

  it('takes an optional session token (temporary credentials) and names a malformed one', () => {
    const problems: string[] = [];
    const report = (path: string, message: string) => problems.push(`${path}: ${message}`);
    const temporary = { accessKeyId: 'ASIATEMP', secretAccessKey: 's', sessionToken: 'FwoGZXIvYXdzE/+=' };
    assert.deepEqual(checkCredentials([temporary, { accessKeyId: 'AKIDLONG', secretAccessKey: 't' }], 'auth.credentials', report), [temporary, { accessKeyId: 'AKIDLONG', secretAccessKey: 't' }]);
    assert.deepEqual(problems, []);
    checkCredentials([{ ...temporary, sessionToken: '' }, { ...temporary, accessKeyId: 'ASIA2', sessionToken: 'a b' }, { ...temporary, accessKeyId: 'ASIA3', sessionToken: 42 }], 'auth.credentials', report);
    assert.deepEqual(problems, [0, 1, 2].map((i) => `auth.credentials[${i}].sessionToken: expected a string without spaces (the temporary credentials' session token), or no sessionToken`));
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
      await writeFile(json, JSON.stringify({ credentials: [{ accessKeyId: 'ASIAJSON', secretAccessKey: 'one', sessionToken: 'tok/en=' }] }));
      assert.deepEqual(await readAuthFile(json), [{ accessKeyId: 'ASIAJSON', secretAccessKey: 'one', sessionToken: 'tok/en=' }]);
      await writeFile(ini, '[temp]\naws_access_key_id = ASIATEMP\naws_secret_access_key = two\naws_session_token = FwoG+x=\n[old]\naws_access_key_id = ASIAOLD\naws_secret_access_key = three\naws_security_token = legacy\n');
      assert.deepEqual(await readAuthFile(ini), [
        { accessKeyId: 'ASIATEMP', secretAccessKey: 'two', sessionToken: 'FwoG+x=' },
        { accessKeyId: 'ASIAOLD', secretAccessKey: 'three', sessionToken: 'legacy' },
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
