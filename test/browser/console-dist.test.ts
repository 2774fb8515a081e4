import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const consoleDir = fileURLToPath(new URL('../../console/', import.meta.url));

// console/dist is committed (npm start serves it with no build step), so a change to console/src committed
// without `cd console && npm run build` would ship the old console: its build.json names the sources it was
// built from.
describe('console/dist', () => {
  it('was built from the console sources checked out', async () => {
    const { sourcesHash } = (await import(new URL('../../console/sources-hash.mjs', import.meta.url).href)) as { sourcesHash(root: string): string };
    const built = JSON.parse(readFileSync(`${consoleDir}dist/build.json`, 'utf8')) as { sourcesHash: string };
    assert.equal(built.sourcesHash, sourcesHash(consoleDir), 'console/dist is older than console/src: run `cd console && npm ci && npm run build` and commit console/dist');
  });

  it('holds the page and every file it names, with nothing fetched from elsewhere', () => {
    const html = readFileSync(`${consoleDir}dist/index.html`, 'utf8');
    const named = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((url) => !url.startsWith('data:') && url !== '/_eddy/console/');
    assert.deepEqual(named.map((url) => url.split('.').pop()).sort(), ['css', 'js']);
    for (const url of named) {
      assert.match(url, /^[\w.-]+$/, `${url}: relative to the page, no host`);
      assert.ok(existsSync(`${consoleDir}dist/${url}`), `${url} is in console/dist`);
    }
    const bundle = readFileSync(`${consoleDir}dist/${named.find((url) => url.endsWith('.js'))}`, 'utf8');
    assert.doesNotMatch(bundle, /sourceMappingURL/);
    assert.doesNotMatch(bundle + readFileSync(`${consoleDir}dist/${named.find((url) => url.endsWith('.css'))}`, 'utf8'), /https?:\/\/(?!www\.w3\.org)[\w.-]+\//, 'no URL of another host (fonts, CDNs)');
  });
});
