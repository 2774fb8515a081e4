import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eddyCliScript, runNodeScript, startEddyCli, type CliProcess } from '../helpers/cli.js';

const fixtures = fileURLToPath(new URL('../conformance/lambda/fixtures/', import.meta.url));
const eddyScript = eddyCliScript;
const PAIR = { accessKeyId: 'AKIDCLI', secretAccessKey: 'cli-secret' };

/** The environment without AWS credentials, and with the pair when `withPair`. */
function env(withPair = false): NodeJS.ProcessEnv {
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, AWS_SESSION_TOKEN: _token, AWS_PROFILE: _profile, ...rest } = process.env;
  return withPair ? { ...rest, AWS_ACCESS_KEY_ID: PAIR.accessKeyId, AWS_SECRET_ACCESS_KEY: PAIR.secretAccessKey } : rest;
}

describe('eddy commands against an Eddy that verifies signatures (eddy start --auth-file)', () => {
  let dir: string;
  let authFile: string;
  let eddy: CliProcess & { endpoint: string };
  const run = (args: string[], withPair = false) => runNodeScript(eddyScript, [...args, '--endpoint', eddy.endpoint], { env: env(withPair) });
  const finished = async (cli: CliProcess) => ({ code: (await cli.exited).code, stdout: cli.stdout(), stderr: cli.stderr() });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-auth-'));
    authFile = join(dir, 'credentials');
    // The AWS CLI's credentials format; the same file serves eddy start and the client commands.
    writeFileSync(authFile, `[default]\naws_access_key_id = ${PAIR.accessKeyId}\naws_secret_access_key = ${PAIR.secretAccessKey}\n`);
    eddy = await startEddyCli(['--port', '0', '--memory', '--config', join(fixtures, 'eddy.config.ts'), '--auth-file', authFile]);
  });
  after(async () => {
    eddy.child.kill('SIGTERM');
    await eddy.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('invoke and events put sign with --auth-file or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; without, refused with a hint', async () => {
    const byFile = await finished(run(['invoke', 'hello', '--auth-file', authFile]));
    assert.equal(byFile.code, 0, byFile.stderr);
    assert.equal(JSON.parse(byFile.stdout).message, 'Hello, world!');
    assert.equal((await finished(run(['invoke', 'hello'], true))).code, 0);
    const unsigned = await finished(run(['invoke', 'hello']));
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stderr, /UnrecognizedClientException: The security token included in the request is invalid\.\n {2}This Eddy verifies signatures: give --auth-file FILE/);

    const put = await finished(run(['events', 'put', '--source', 'cli.auth', '--detail-type', 'Signed', '--auth-file', authFile]));
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /^[0-9a-f-]{36}\n$/);
    const refused = await finished(run(['events', 'put', '--source', 'cli.auth', '--detail-type', 'Signed']));
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /UnrecognizedClientException/);
  });

  it('the admin commands (mappings, rules, events tail) sign their admin API requests too', async () => {
    const mappings = await finished(run(['mappings', '--json', '--auth-file', authFile]));
    assert.equal(mappings.code, 0, mappings.stderr);
    assert.ok(Array.isArray(JSON.parse(mappings.stdout)));
    const rules = await finished(run(['rules', '--json'], true));
    assert.equal(rules.code, 0, rules.stderr);
    for (const args of [['mappings'], ['rules'], ['events', 'tail'], ['tail', 'Nope']]) {
      const unsigned = await finished(run(args));
      assert.equal(unsigned.code, 1, args.join(' '));
      assert.match(unsigned.stderr, /This Eddy verifies signatures/, args.join(' '));
    }
    const tail = run(['events', 'tail', '--auth-file', authFile]);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'tailing' line: ${tail.stderr()}`)), 20_000);
        const check = setInterval(() => {
          if (!tail.stderr().includes('tailing every bus')) return;
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }, 50);
      });
    } finally {
      tail.child.kill('SIGTERM');
      await tail.exited;
    }
  });

  it('AWS_SESSION_TOKEN is signed with the environment pair: a temporary pair works, a token on a long-term key is refused', async () => {
    const tokenEnv = { ...env(true), AWS_SESSION_TOKEN: 'cli-token' };
    const longTerm = await finished(runNodeScript(eddyScript, ['invoke', 'hello', '--endpoint', eddy.endpoint], { env: tokenEnv }));
    assert.equal(longTerm.code, 1);
    assert.match(longTerm.stderr, /UnrecognizedClientException: The security token included in the request is invalid\./);

    const temporaryFile = join(dir, 'temporary');
    writeFileSync(temporaryFile, `[default]\naws_access_key_id = ${PAIR.accessKeyId}\naws_secret_access_key = ${PAIR.secretAccessKey}\naws_session_token = cli-token\n`);
    const temporary = await startEddyCli(['--port', '0', '--memory', '--config', join(fixtures, 'eddy.config.ts'), '--auth-file', temporaryFile]);
    try {
      const signed = await finished(runNodeScript(eddyScript, ['invoke', 'hello', '--endpoint', temporary.endpoint], { env: tokenEnv }));
      assert.equal(signed.code, 0, signed.stderr);
      const tokenless = await finished(runNodeScript(eddyScript, ['invoke', 'hello', '--endpoint', temporary.endpoint], { env: env(true) }));
      assert.equal(tokenless.code, 1);
      assert.match(tokenless.stderr, /UnrecognizedClientException/);
    } finally {
      temporary.child.kill('SIGTERM');
      await temporary.exited;
    }
  });

  it('an --auth-file that cannot be read is a usage error naming the file', async () => {
    const missing = await finished(run(['mappings', '--auth-file', join(dir, 'nope')]));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^eddy mappings: --auth-file .*nope: no such file\n$/);
  });
});
