import type { TimeJump, TimeView } from '../time/time-control.js';
import { parseDuration, parseInstant } from '../time/duration.js';
import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';

export const TIME_HELP = `Usage: eddy time [--endpoint URL] [--auth-file FILE] [--json]
       eddy time advance DURATION   e.g. 90s, 15m, 2h, 1d, 1h30m
       eddy time set INSTANT        ISO 8601 with a zone, e.g. 2027-01-01T00:00:00Z
       eddy time resume

Shows or moves the time of a running Eddy: the wall clock plus an offset, kept in storage (every node
sharing it has the same time, and a restart keeps it). Time keeps running at the wall clock's pace.
advance and set move it forward only — an earlier instant is refused — and then run at once, in order,
what fell due: TTL deletes (with their stream records), rule and Scheduler schedules, retries of bus
deliveries and async invocations, replays, messages whose visibility timeout or delay ended (long polls
wake), stream and queue triggers' and pipes' retries, batching windows, shard rotation, retention.
resume drops the offset: Eddy's time is the wall clock again (the one step back time control takes;
what was scheduled at the later time waits for the wall clock to reach it).
${CLIENT_FLAGS_HELP}  --json           The answer as JSON
`;

const VERBS = new Set(['advance', 'set', 'resume']);

/** `eddy time [advance D | set T | resume]`: GET or POST /_eddy/time[/verb] on a running Eddy. Exit 2: bad arguments; 1: refused or unreachable. */
export async function timeCommand(args: string[]): Promise<number> {
  const verb = args[0] !== undefined && VERBS.has(args[0]) ? args[0] : undefined;
  const rest = verb === undefined ? args : args.slice(1);
  const name = verb === undefined ? 'time' : `time ${verb}`;
  const subject = verb === 'advance' ? 'duration' : verb === 'set' ? 'instant' : undefined;
  if (verb === undefined && args[0] !== undefined && !args[0].startsWith('-')) {
    process.stderr.write(`eddy time: unknown action '${args[0]}' (advance, set or resume)\n\n${TIME_HELP}`);
    return 2;
  }
  const command = await clientCommand(name, rest, { json: { type: 'boolean' } }, TIME_HELP, subject);
  if (typeof command === 'number') return command;
  const { values, subject: argument } = command;
  let body: object | undefined;
  try {
    if (verb === 'advance') body = { by: argument, ms: parseDuration(argument!) };
    if (verb === 'set') body = { to: argument, ms: parseInstant(argument!) };
  } catch (error) {
    process.stderr.write(`eddy ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  const response = await adminRequest(name, command, `/_eddy/time${verb === undefined ? '' : `/${verb}`}`, verb === undefined ? undefined : {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  if (typeof response === 'number') return response;
  const text = await response.text();
  const answer = JSON.parse(text) as TimeView | TimeJump;
  process.stdout.write(values['json'] ? `${JSON.stringify(answer, null, 2)}\n` : timeLines(answer));
  return 0;
}

/** The human form: Eddy's time, the wall clock, the offset; after a jump, where it came from and what ran. */
export function timeLines(answer: TimeView | TimeJump): string {
  const lines = [`Eddy's time  ${answer.now}`, `wall clock   ${answer.wallClock}`, `offset       ${answer.offset}`];
  if ('from' in answer) {
    lines.unshift(`moved from   ${answer.from}`);
    // A jump replayed through the due times inside it (src/time/time-control.ts).
    if (answer.steps > 0) lines.push(`replayed in  ${answer.steps} step${answer.steps === 1 ? '' : 's'}${answer.capped ? ' (the step limit: the rest at once)' : ''}`);
    const done = Object.entries(answer.fired).filter(([, result]) => didSomething(result));
    lines.push(done.length === 0 ? 'nothing fell due' : `ran: ${done.map(([pass, result]) => `${pass} ${JSON.stringify(result)}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function didSomething(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return false;
  return Object.entries(result).some(([key, value]) => key === 'error' || (typeof value === 'number' && value > 0 && !key.endsWith('At') && !key.endsWith('Before')));
}
