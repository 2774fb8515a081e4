// `npm start`: Eddy with the user-signup example loaded (examples/user-signup), the example's SMTP capture
// server beside it, and what to try. Arguments go to `eddy start`: `npm start -- --memory --port 4567`.
// With --config, only Eddy starts, with that configuration.
//
// The example's files (search index, captured emails) go to <data dir>/user-signup (.eddy/user-signup by
// default), or to a temporary directory removed at exit with --memory. The capture server listens on
// $SMTP_PORT (default 2525; 0 picks a free port); when that port is taken, the server already there is used.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const { startCommand } = await import('../dist/cli/start-command.js');

const run = (hooks) =>
  startCommand('start', args, hooks).then((code) => {
    if (code >= 0) process.exitCode = code;
  });

if (args.some((arg) => arg === '--config' || arg.startsWith('--config='))) {
  await run({});
} else {
  await runExample();
}

async function runExample() {
  const memory = args.includes('--memory');
  const dataFlag = args.findIndex((arg) => arg === '--data' || arg.startsWith('--data='));
  const dataDir = dataFlag < 0 ? '.eddy' : args[dataFlag].startsWith('--data=') ? args[dataFlag].slice(7) : args[dataFlag + 1] ?? '.eddy';
  const exampleData = memory ? await mkdtemp(join(tmpdir(), 'eddy-user-signup-')) : resolve(dataDir, 'user-signup');
  process.env.USER_SIGNUP_DATA = exampleData;

  register(); // the capture server is TypeScript, like the example it belongs to
  const { startSmtpCapture } = await import('../examples/user-signup/smtp-capture.ts');
  const outboxDir = join(exampleData, 'outbox');
  const port = Number(process.env.SMTP_PORT ?? 2525);
  let smtp;
  try {
    smtp = await startSmtpCapture({
      port,
      outboxDir,
      onMessage: (mail) => console.log(`✉ ${mail.headers['subject']} → ${mail.headers['to']} (${shown(mail.file)})`),
    });
    process.env.SMTP_PORT = String(smtp.port);
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.log(`SMTP port ${port} is in use: welcome emails go to the server already there`);
  }

  const stopExample = async () => {
    await smtp?.stop();
    if (memory) await rm(exampleData, { recursive: true, force: true });
  };
  await run({
    config: join(root, 'examples/user-signup/eddy.config.ts'),
    onReady: (eddy) => tips(eddy, smtp === undefined ? undefined : outboxDir),
    onStop: stopExample,
  });
  if (process.exitCode !== undefined) await stopExample(); // Eddy did not start
}

/** What a newcomer can try, with this run's ports. */
function tips(eddy, outboxDir) {
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
