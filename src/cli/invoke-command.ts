import { readFile } from 'node:fs/promises';
import { CLIENT_FLAGS_HELP, clientCommand, signatureHint } from './client-command.js';

export const INVOKE_HELP = `Usage: eddy invoke FUNCTION [--event FILE|-] [--endpoint URL] [--auth-file FILE]

Invokes a function of a running Eddy (RequestResponse) and prints its logs, then its result.
  --event FILE     The event, a JSON file; '-' reads it from standard input (default: {})
${CLIENT_FLAGS_HELP}Exits with 1 when the function fails (the error payload is printed).
`;

/** `eddy invoke`: one synchronous Invoke through the Lambda API, with the log tail. */
export async function invokeCommand(args: string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const command = await clientCommand('invoke', args, { event: { type: 'string' } }, INVOKE_HELP, 'function name');
  if (typeof command === 'number') return command;
  const { endpoint, fetch } = command;
  const name = command.subject!;
  const eventFile = command.values['event'] as string | undefined;
  let event = '{}';
  if (eventFile !== undefined) {
    try {
      event = eventFile === '-' ? await readAll(stdin) : await readFile(eventFile, 'utf8');
    } catch (error) {
      process.stderr.write(`eddy invoke: cannot read the event: ${(error as Error).message}\n`);
      return 2;
    }
    try {
      JSON.parse(event);
    } catch (error) {
      process.stderr.write(`eddy invoke: the event is not JSON: ${(error as Error).message}\n`);
      return 2;
    }
  }
  let response: Response;
  try {
    response = await fetch(`${endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-amz-log-type': 'Tail' },
      body: event,
      service: 'lambda',
    });
  } catch (error) {
    process.stderr.write(`eddy invoke: cannot reach Eddy at ${endpoint} (${(error as Error).message}); is it running?\n`);
    return 1;
  }
  const body = await response.text();
  if (!response.ok) {
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {}
    process.stderr.write(`eddy invoke: ${response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`}: ${message}${signatureHint(`${response.headers.get('x-amzn-errortype')}`)}\n`);
    return 1;
  }
  const log = response.headers.get('x-amz-log-result');
  if (log) process.stderr.write(Buffer.from(log, 'base64').toString('utf8').replace(/\n?$/, '\n'));
  process.stdout.write(`${pretty(body)}\n`);
  return response.headers.get('x-amz-function-error') ? 1 : 0;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text;
}
