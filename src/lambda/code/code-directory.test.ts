import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeZip } from '../../../test/helpers/zip.js';
import { openSqliteEngine } from '../../storage/sqlite/sqlite-engine.js';
import type { FunctionStore } from '../../storage/function-store.js';
import type { FunctionCode } from '../functions/function-document.js';
import { CodeDirectory } from './code-directory.js';

const temp = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** A SQLite file's FunctionStore, and how many packages were read from it. */
function openStore(): { store: FunctionStore; reads: () => number } {
  const engine = openSqliteEngine({ path: join(temp('eddy-code-db-'), 'eddy.db') });
  after(() => engine.close());
  let reads = 0;
  const store = engine.functions;
  const counted: FunctionStore = {
    changeCount: () => store.changeCount(),
    get: (name) => store.get(name),
    list: () => store.list(),
    write: (name, decide, code) => store.write(name, decide, code),
    codePackage: (name, sha256) => {
      reads++;
      return store.codePackage(name, sha256);
    },
  };
  return { store: counted, reads: () => reads };
}

const bootstrapZip = () => makeZip({ bootstrap: { data: '#!/bin/sh\n', mode: 0o755 }, 'lib/x.txt': 'x' });

describe('CodeDirectory', () => {
  it('unpacks a package into <root>/<function>/<sha256 hex>, keeps execute bits, and prunes what nothing names', async () => {
    const root = temp('eddy-code-');
    const code = new CodeDirectory(root);
    const first = await code.unpack('fn', bootstrapZip());
    assert.match(first.dir, new RegExp(`^${root}/fn/[0-9a-f]{64}$`));
    assert.equal(Buffer.from(first.sha256, 'base64').toString('hex'), first.dir.slice(-64));
    assert.deepEqual(first.package.zip, bootstrapZip());
    assert.equal(statSync(join(first.dir, 'bootstrap')).mode & 0o111, 0o111);
    assert.equal(readFileSync(join(first.dir, 'lib', 'x.txt'), 'utf8'), 'x');
    assert.deepEqual(await code.unpack('fn', bootstrapZip()), first);
    const second = await code.unpack('fn', makeZip({ 'index.mjs': '' }));
    await code.prune('fn', [{ kind: 'zip', ...second }, { kind: 'local', dir: '/elsewhere', sha256: 'L2Vsc2V3aGVyZQ==', size: 0 }]);
    assert.throws(() => statSync(first.dir));
    assert.ok(statSync(second.dir).isDirectory());
    await code.prune('fn', []);
    assert.throws(() => statSync(join(root, 'fn')));
  });

  it("unpacks a stored package another node uploaded into this node's own directory, once for concurrent callers", async () => {
    const { store, reads } = openStore();
    const uploader = await new CodeDirectory(temp('eddy-code-a-')).unpack('fn', bootstrapZip());
    await store.write('fn', () => ({ revision: 'r1', document: {} }), uploader.package);
    const code: FunctionCode = { kind: 'zip', dir: uploader.dir, sha256: uploader.sha256, size: uploader.size };

    const rootB = temp('eddy-code-b-');
    const nodeB = new CodeDirectory(rootB);
    const answers = await Promise.all(Array.from({ length: 5 }, () => nodeB.local(store, 'fn', code)));
    const dir = join(rootB, 'fn', uploader.dir.slice(-64));
    assert.deepEqual(answers, Array.from({ length: 5 }, () => ({ ...code, dir })));
    assert.equal(reads(), 1, 'one read of the package for five concurrent callers');
    assert.equal(readFileSync(join(dir, 'lib', 'x.txt'), 'utf8'), 'x');
    assert.equal(statSync(join(dir, 'bootstrap')).mode & 0o111, 0o111);

    // A copy this node has is its version (the directory is named by the digest): the store is not read again.
    assert.deepEqual(await nodeB.local(store, 'fn', code), { ...code, dir });
    assert.equal(reads(), 1);
    // A package this node has not got but the store has not either: refused, so the function deploys broken.
    const other = await new CodeDirectory(temp('eddy-code-c-')).unpack('fn', makeZip({ 'index.mjs': 'export const handler = () => 1;' }));
    rmSync(other.dir, { recursive: true });
    await assert.rejects(nodeB.local(store, 'fn', { kind: 'zip', dir: other.dir, sha256: other.sha256, size: other.size }), /is not in storage/);
  });

  it('refuses stored bytes that are not what their digest says, and leaves nothing behind', async () => {
    const { store } = openStore();
    const genuine = await new CodeDirectory(temp('eddy-code-a-')).unpack('fn', bootstrapZip());
    await store.write('fn', () => ({ revision: 'r1', document: {} }), { sha256: genuine.sha256, zip: makeZip({ 'index.mjs': 'tampered' }) });
    const rootB = temp('eddy-code-b-');
    const code: FunctionCode = { kind: 'zip', dir: join(rootB, 'nowhere'), sha256: genuine.sha256, size: genuine.size };
    await assert.rejects(new CodeDirectory(rootB).local(store, 'fn', code), /has the digest/);
    assert.throws(() => statSync(join(rootB, 'fn')));
  });

  it('runs local code and a package stored before packages were (its directory on this disk) where they are', async () => {
    const { store } = openStore();
    const nodeB = new CodeDirectory(temp('eddy-code-b-'));
    const local: FunctionCode = { kind: 'local', dir: '/my/project', sha256: Buffer.from('/my/project').toString('base64'), size: 0 };
    assert.equal(await nodeB.local(store, 'fn', local), local);
    const legacyDir = join(temp('eddy-code-old-'), 'fn', 'abc');
    mkdirSync(legacyDir, { recursive: true });
    writeFileSync(join(legacyDir, 'index.mjs'), '');
    const legacy: FunctionCode = { kind: 'zip', dir: legacyDir, sha256: 'q83v', size: 1 };
    assert.deepEqual(await nodeB.local(store, 'fn', legacy), legacy);
  });
});
