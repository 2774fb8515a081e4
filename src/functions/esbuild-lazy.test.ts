import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importersOf, inFreshProcess } from '../../test/helpers/lazy-imports.js';

describe('esbuild is loaded only when something is built', () => {
  it('no source file imports esbuild statically: esbuild-loader.ts imports it dynamically, the rest import its types only', async () => {
    const { staticImporters, dynamicImporters } = await importersOf('esbuild', 'esbuild');
    assert.deepEqual(staticImporters, []);
    assert.deepEqual(dynamicImporters, ['src/functions/esbuild-loader.ts']);
  });

  it("an Eddy started without functions has loaded no esbuild module; deploying a function loads it, and esbuild's service process ends once builds pause and starts again for the next", async () => {
    const out = await inFreshProcess<{ atStart: string[]; afterFunction: number; servicesAfterBuild: number; servicesWhenIdle: number; answer: string }>(
      (entry) => `
      import { createRequire } from 'node:module';
      import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
      import { tmpdir } from 'node:os';
      import { join } from 'node:path';
      const cache = createRequire(import.meta.url).cache;
      const esbuildModules = () => Object.keys(cache).filter((path) => /[\\\\/]node_modules[\\\\/]esbuild[\\\\/]/.test(path));
      const { startEddy } = await import(${JSON.stringify(entry)});
      const dir = mkdtempSync(join(tmpdir(), 'eddy-esbuild-lazy-'));
      writeFileSync(join(dir, 'hello.mjs'), 'export const handler = async () => "hello";');
      const config = join(dir, 'eddy.config.json');
      writeFileSync(config, JSON.stringify({ functions: { hello: { handler: 'hello.mjs#handler' } } }));
      const plain = await startEddy({ log: false, memory: true });
      const atStart = esbuildModules();
      await plain.stop();
      // esbuild's service: a child process of this one, running esbuild --service.
      const services = () => readdirSync('/proc').filter((pid) => {
        try {
          const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
          return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === String(process.pid) && readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('--service');
        } catch { return false; }
      }).length;
      const withFunction = await startEddy({ log: false, memory: true, config });
      const afterFunction = esbuildModules().length;
      const servicesAfterBuild = services();
      for (const deadline = Date.now() + 15_000; services() > 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 50));
      const servicesWhenIdle = services();
      await withFunction.stop();
      writeFileSync(join(dir, 'hello.mjs'), 'export const handler = async () => "hello again";'); // a new build
      const again = await startEddy({ log: false, memory: true, config });
      // Without --auth-file any well-formed signature is accepted.
      const date = new Date().toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '') + 'Z';
      const headers = { 'x-amz-date': date, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/' + date.slice(0, 8) + '/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=' + '0'.repeat(64) };
      const answer = await fetch(again.endpoint + '/2015-03-31/functions/hello/invocations', { method: 'POST', headers, body: '{}' }).then((r) => r.json());
      await again.stop();
      console.log(JSON.stringify({ atStart, afterFunction, servicesAfterBuild, servicesWhenIdle, answer }));
    `,
    );
    assert.deepEqual(out.atStart, []);
    assert.ok(out.afterFunction > 0, 'deploying a function builds it with esbuild, which then shows in the CommonJS module cache');
    assert.equal(out.servicesAfterBuild, 1, "the build started esbuild's service process");
    assert.equal(out.servicesWhenIdle, 0, 'the service process ends once builds pause');
    assert.equal(out.answer, 'hello again', 'the next build starts the service again');
  });
});
