// `npm start`: Eddy with the user-signup example loaded (examples/user-signup), the example's SMTP capture
// server beside it, and what to try. Arguments go to `eddy start`: `npm start -- --memory --port 4567`.
// With --config, only Eddy starts, with that configuration.
//
// The example's files (search index, captured emails) go to <data dir>/user-signup (.eddy/user-signup by
// default), or to a temporary directory removed at exit with --memory. The capture server listens on
// $SMTP_PORT (default 2525; 0 picks a free port). When that port is taken by a capture server for this
// run's outbox (started by hand, as the README's walkthrough does), that server is used; when it is taken
// by anything else (another run, another program), this run's capture server takes a free port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
// As the `eddy` command loads it: the bundle (scripts/bundle-cli.mjs) from V8's code cache, or the modules one
// by one when the sources did not bundle (a file half saved).
const { loadCommandLine } = await import('../dist/cli/load-command-line.js');
const { startCommand } = await loadCommandLine();

/** What the example started, for the tips and the clean-up; undefined when --config replaced the example. */
let example;

const code = await startCommand('start', process.argv.slice(2), {
  config: join(root, 'examples/user-signup/eddy.config.ts'),
  beforeStart: async ({ data, config }) => {
    if (config === undefined) example = await startExample(data);
  },
  onReady: (eddy) => (example === undefined ? undefined : tips(eddy, example)),
  onStop: () => example?.stop(),
});
if (code >= 0) process.exitCode = code;

/** The example's data directory (read by its eddy.config.ts) and its SMTP capture server. */
async function startExample(data) {
  const dataDir = data === undefined ? await mkdtemp(join(tmpdir(), 'eddy-user-signup-')) : resolve(data, 'user-signup');
  process.env.USER_SIGNUP_DATA = dataDir;
  register(); // the capture server is TypeScript, like the example it belongs to
  const { probeSmtpCapture, startSmtpCapture } = await import('../examples/user-signup/smtp-capture.ts');
  const outboxDir = join(dataDir, 'outbox');
  const port = Number(process.env.SMTP_PORT ?? 2525);
  const capture = (on) =>
    startSmtpCapture({
      port: on,
      outboxDir,
      onMessage: (mail) => console.log(`✉ ${mail.headers['subject']} → ${mail.headers['to']} (${shown(mail.file)})`),
    });
  let smtp;
  try {
    smtp = await capture(port);
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    const there = await probeSmtpCapture(port);
    if (there !== undefined && there !== 'other' && there.outboxDir === outboxDir) {
      console.log(`SMTP port ${port} is in use by a capture server for this outbox: welcome emails go there`);
    } else {
      smtp = await capture(0);
      const who = there === undefined || there === 'other' ? 'another program' : `another run's capture server (outbox ${shown(there.outboxDir)})`;
      console.log(`SMTP port ${port} is in use by ${who}: this run's capture server listens on port ${smtp.port} (SMTP_PORT chooses it)`);
    }
  }
  if (smtp !== undefined) process.env.SMTP_PORT = String(smtp.port);
  return {
    outboxDir,
    async stop() {
      await smtp?.stop();
      if (data === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** What a newcomer can try, with this run's ports. */
function tips(eddy, { outboxDir }) {
  const app = eddy.httpEndpoint;
  const endpointFlag = eddy.endpoint === 'http://127.0.0.1:4566' ? '' : ` --endpoint ${eddy.endpoint}`;
  const body = `'{"email":"ada@analytical.example","name":"Ada Lovelace","company":"Analytical Engines"}'`;
  return (
    '\nThe user-signup example is loaded (examples/user-signup/README.md). Try:\n' +
    `  curl -s -X POST ${app}/users -H 'content-type: application/json' -d ${body}\n` +
    `  curl -s '${app}/users/search?q=lovelace'\n` +
    `  node dist/cli/eddy.js tail users${endpointFlag}     # in another terminal: every change, live\n` +
    (outboxDir === undefined ? '' : `Welcome emails are captured in ${shown(outboxDir)}\n`)
  );
}

function shown(path) {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
