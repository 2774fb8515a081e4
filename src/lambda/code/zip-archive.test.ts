import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeZip } from '../../../test/helpers/zip.js';
import { MAX_UNZIPPED_BYTES, readZip } from './zip-archive.js';

const BAD = 'Could not unzip uploaded file. Please check your file, then try to upload again.';
const refused = (zip: Buffer, name: string, message: string | RegExp) =>
  assert.throws(() => readZip(zip), (error: any) => {
    assert.equal(error.code, name);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });

describe('readZip', () => {
  it('reads deflated and stored members with their Unix modes, leaving directories out', () => {
    const zip = makeZip({ 'index.mjs': 'export const handler = 1;', 'bin/bootstrap': { data: '#!/bin/sh\n', mode: 0o755 } });
    assert.deepEqual(
      readZip(zip).map((e) => [e.path, e.mode, e.data.toString()]),
      [['index.mjs', 0o644, 'export const handler = 1;'], ['bin/bootstrap', 0o755, '#!/bin/sh\n']],
    );
  });

  it('reads what the zip tool writes', { skip: spawnSync('zip', ['-v']).status === 0 ? false : 'no zip on the PATH' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-zip-'));
    try {
      mkdirSync(join(dir, 'src', 'lib'), { recursive: true });
      writeFileSync(join(dir, 'src', 'lib', 'a.py'), 'x = 1\n'.repeat(100));
      writeFileSync(join(dir, 'empty.txt'), '');
      execFileSync('zip', ['-qr', join(dir, 'out.zip'), 'src', 'empty.txt'], { cwd: dir });
      assert.deepEqual(readZip(readFileSync(join(dir, 'out.zip'))).map((e) => [e.path, e.data.length]), [['src/lib/a.py', 600], ['empty.txt', 0]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses what is not a zip, a truncated one, and paths outside the directory, in Lambda's words", () => {
    refused(Buffer.from('not a zip'), 'InvalidParameterValueException', BAD);
    const zip = makeZip({ 'a.js': 'a'.repeat(1000) });
    refused(zip.subarray(0, 40), 'InvalidParameterValueException', BAD);
    const corrupt = Buffer.from(zip);
    corrupt.fill(0xff, 35, 45); // inside the deflated data
    refused(corrupt, 'InvalidParameterValueException', BAD);
    for (const path of ['../evil.js', 'a/../../evil.js', '/etc/passwd', 'C:/x.js']) {
      refused(makeZip({ [path]: 'x' }), 'InvalidParameterValueException', /outside its directory/);
    }
  });

  it('refuses past 50 MB zipped and, before inflating anything, past 250 MB unzipped as declared', () => {
    refused(Buffer.alloc(52_428_801), 'RequestEntityTooLargeException', 'Zipped size must be smaller than 52428800 bytes');
    const zip = makeZip({ 'big.bin': 'x' });
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(MAX_UNZIPPED_BYTES + 1, central + 24); // the declared unzipped size
    refused(zip, 'RequestEntityTooLargeException', 'Unzipped size must be smaller than 262144000 bytes');
  });
});
