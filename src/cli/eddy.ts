#!/usr/bin/env node
/** The `eddy` command line. */
import { parseArgs } from 'node:util';
import { startEddy } from '../main.js';

const HELP = `Usage: eddy <command> [options]

Commands:
  start     Run Eddy: DynamoDB-compatible tables (and more) on one port

Options for start:
  --port N        Port to listen on (default 4566; 0 picks a free port)
  --host H        Interface to bind (default 127.0.0.1)
  --data DIR      Directory for durable storage (default ./.eddy)
  --memory        Keep everything in memory (nothing is written to disk)
  --config FILE   Configuration file (default ./eddy.config.ts when present)
  --region R      Region used in ARNs (default us-east-1)
  --account A     Account id used in ARNs (default 000000000000)
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command !== 'start') {
    process.stderr.write(`eddy: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        memory: { type: 'boolean' },
        config: { type: 'string' },
        region: { type: 'string' },
        account: { type: 'string' },
      },
    }));
  } catch (error) {
    process.stderr.write(`eddy start: ${(error as Error).message}\n`);
    return 2;
  }
  const port = values.port === undefined ? 4566 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`eddy start: --port must be an integer from 0 to 65535, got '${values.port}'\n`);
    return 2;
  }
  if (values.memory && values.data !== undefined) {
    process.stderr.write('eddy start: --data and --memory cannot be used together\n');
    return 2;
  }
  if (values.account !== undefined && !/^\d{12}$/.test(values.account)) {
    process.stderr.write(`eddy start: --account must be 12 digits, got '${values.account}'\n`);
    return 2;
  }
  if (values.config !== undefined) {
    process.stderr.write(`eddy start: --config ${values.config}: configuration files are not supported by this version yet; ignoring it\n`);
  }
  const data = values.memory ? undefined : (values.data ?? '.eddy');
  let eddy;
  try {
    eddy = await startEddy({
      port,
      host: values.host ?? '127.0.0.1',
      ...(data === undefined ? { memory: true } : { data }),
      ...(values.region ? { region: values.region } : {}),
      ...(values.account ? { account: values.account } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`eddy start: port ${port} is already in use (try --port 0 for a free one)\n`);
    } else {
      process.stderr.write(`eddy start: ${(error as Error).stack ?? error}\n`);
    }
    return 1;
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write(`eddy: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`eddy: ${signal} received, finishing requests in flight…\n`);
    eddy.stop().then(
      () => process.exit(0),
      (error) => {
        process.stderr.write(`eddy: error while stopping: ${error}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only now, with the handlers in place, tell the world we are ready.
  process.stdout.write(
    `Eddy is ready on ${eddy.endpoint}\n` +
      `  storage: ${data === undefined ? 'in memory' : data}\n` +
      `  try:     aws dynamodb list-tables --endpoint-url ${eddy.endpoint}\n`,
  );
  return -1; // keep running
}

main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
