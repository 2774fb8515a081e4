import { EVENTS_PUT_HELP, eventsPutCommand } from './events-put-command.js';
import { EVENTS_TAIL_HELP, eventsTailCommand } from './events-tail-command.js';

export const EVENTS_HELP = `${EVENTS_TAIL_HELP}\n${EVENTS_PUT_HELP}`;

/** `eddy events tail|put`: the event bus of a running Eddy, live or one event at a time. */
export async function eventsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'tail') return eventsTailCommand(rest);
  if (sub === 'put') return eventsPutCommand(rest);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(EVENTS_HELP);
    return 0;
  }
  process.stderr.write(`eddy events: ${sub === undefined ? 'give tail or put' : `unknown command '${sub}'`}\n\n${EVENTS_HELP}`);
  return 2;
}
