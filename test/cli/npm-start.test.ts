import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eddyCliScript, repoRoot, runNodeScript } from '../helpers/cli.js';
import { eventually } from '../helpers/eventually.js';
import { startSmtpCapture } from '../../examples/user-signup/smtp-capture.js';

const sh = promisify(execFile);

/** Runs a command line exactly as printed, in a shell from the repository root, as a newcomer would paste it. */
async function paste(line: string): Promise<string> {
  const { stdout } = await sh('sh', ['-c', line], { cwd: repoRoot });
  return stdout;
}

describe('npm start (scripts/start.mjs): Eddy with the user-signup example', () => {
  it('prints commands to try that work as printed: sign-up, search, eddy tail; the welcome email is captured', async () => {
    const start = runNodeScript(join(repoRoot, 'scripts/start.mjs'), ['--port', '0', '--http-port', '0', '--memory'], {
      env: { ...process.env, SMTP_PORT: '0' },
    });
    try {
      const [, app] = await start.waitFor(/app:\s+(http:\/\/\S+)/, 60_000);
      const [, outbox] = await start.waitFor(/Welcome emails are captured in (\S+)\n/);
      const commands = start.stdout().split('\n').map((line) => line.trim());
      const post = commands.find((line) => line.startsWith('curl -s -X POST'))!;
      const search = commands.find((line) => line.startsWith("curl -s '"))!;
      const tail = commands.find((line) => line.startsWith('node dist/cli/eddy.js tail users'))!;
      assert.ok(post.includes(`${app}/users`), post);
      assert.ok(search.includes(`${app}/users/search?q=lovelace`), search);
      assert.match(tail, / --endpoint http:\/\/127\.0\.0\.1:\d+ +#/, 'a port other than 4566 is named');

      const tailing = runNodeScript(eddyCliScript, tail.replace(/^node dist\/cli\/eddy\.js /, '').replace(/#.*$/, '').trim().split(/\s+/));
      try {
        await eventually('eddy tail to start', () => (tailing.stderr().includes('tailing users') ? true : undefined));
        const user = JSON.parse(await paste(post)) as { id: string; name: string; email: string };
        assert.equal(user.name, 'Ada Lovelace');
        assert.equal(user.email, 'ada@analytical.example');

        const found = await eventually('the new user in search', async () => {
          const { results } = JSON.parse(await paste(search)) as { results: { id: string }[] };
          return results.length > 0 ? results : undefined;
        });
        assert.deepEqual(found!.map((r) => r.id), [user.id]);
        await tailing.waitFor(new RegExp(`INSERT users \\{id: "${user.id}"\\} \\+ email, name, company, createdAt, updatedAt`));
        await start.waitFor(/✉ Welcome, Ada Lovelace! → "Ada Lovelace" <ada@analytical\.example>/);
        assert.equal(readdirSync(outbox!).filter((name) => name.endsWith('.eml')).length, 1);
      } finally {
        tailing.child.kill('SIGINT');
        await tailing.exited;
      }

      start.child.kill('SIGINT');
      assert.deepEqual(await start.exited, { code: 0, signal: null });
      assert.equal(existsSync(outbox!), false, 'with --memory the example data directory is removed at exit');
      assert.doesNotMatch(start.stdout() + start.stderr(), /NodeVersionSupportWarning/);
    } finally {
      if (start.child.exitCode === null) start.child.kill('SIGKILL');
    }
  });

  it("takes a free SMTP port when another run's capture server holds SMTP_PORT, and its emails land in its own outbox", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'eddy-other-run-'));
    const other = await startSmtpCapture({ port: 0, outboxDir: join(elsewhere, 'outbox') });
    const start = runNodeScript(join(repoRoot, 'scripts/start.mjs'), ['--port', '0', '--http-port', '0', '--memory'], {
      env: { ...process.env, SMTP_PORT: String(other.port) },
    });
    try {
      const [, port] = await start.waitFor(new RegExp(`SMTP port ${other.port} is in use by another run's capture server \\(outbox [^)]+\\): this run's capture server listens on port (\\d+)`), 60_000);
      assert.notEqual(Number(port), other.port);
      const [, app] = await start.waitFor(/app:\s+(http:\/\/\S+)/);
      const [, outbox] = await start.waitFor(/Welcome emails are captured in (\S+)\n/);
      const signUp = await fetch(`${app}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'kurt@example.com', name: 'Kurt' }) });
      assert.equal(signUp.status, 201);
      await start.waitFor(/✉ Welcome, Kurt! → /);
      assert.equal(readdirSync(outbox!).filter((name) => name.endsWith('.eml')).length, 1);
      assert.deepEqual(readdirSync(join(elsewhere, 'outbox')), [], "nothing reached the other run's outbox");
      start.child.kill('SIGINT');
      assert.deepEqual(await start.exited, { code: 0, signal: null });
    } finally {
      if (start.child.exitCode === null) start.child.kill('SIGKILL');
      await other.stop();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
