/** The `eddy` command line: its commands and their help. */
import { EVENTS_HELP, eventsCommand } from './events-command.js';
import { EXPORT_HELP, exportCommand } from './export-command.js';
import { INVOKE_HELP, invokeCommand } from './invoke-command.js';
import { MAPPINGS_HELP, mappingsCommand } from './mappings-command.js';
import { RULES_HELP, rulesCommand } from './rules-command.js';
import { START_HELP, startCommand } from './start-command.js';
import { TAIL_HELP, tailCommand } from './tail-command.js';
import { TIME_HELP, timeCommand } from './time-command.js';
import { TOPICS_HELP, topicsCommand } from './topics-command.js';
import { REQUEST_PROCESS_COMMAND } from '../processes/process-messages.js';

const HELP = `Usage: eddy <command> [options]

Commands:
  start     Run Eddy: tables, streams, queues and functions on one port
  dev       Like start, and apply saves of functions' source files and of the configuration
  invoke    Invoke a function of a running Eddy and print its logs and result
  mappings  Show the event source mappings of a running Eddy: checkpoints, lag, errors
            retry, skip, rewind: act on a stream mapping's (or pipe's) blocking batch or position
  tail      Print a table's stream records live, from a running Eddy
  events    tail: print a bus's events live, with the rules they matched and failed deliveries;
            put: put one event on a bus
  rules     Show a bus's rules with their targets' delivery counters
  topics    tail: print messages captured for email and sms subscriptions live (--all: every delivery)
  export    Write a running Eddy's tables, queues, rules, schedules and topics to a file (start --import reads it)
  time      Show Eddy's time, or move it: advance 2h, set 2027-01-01T00:00:00Z, resume

${START_HELP}

${INVOKE_HELP}
${MAPPINGS_HELP}
${TAIL_HELP}
${EVENTS_HELP}
${RULES_HELP}
${TOPICS_HELP}
${TIME_HELP}
${EXPORT_HELP}`;

/** Runs one `eddy` command and answers its exit code (negative: it keeps running, as start and dev do). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return command === undefined ? 1 : 0;
  }
  if (command === 'tail') return tailCommand(rest);
  if (command === 'invoke') return invokeCommand(rest);
  if (command === 'mappings') return mappingsCommand(rest);
  if (command === 'events') return eventsCommand(rest);
  if (command === 'rules') return rulesCommand(rest);
  if (command === 'topics') return topicsCommand(rest);
  if (command === 'time') return timeCommand(rest);
  if (command === 'export') return exportCommand(rest);
  // Not a user's command: what `eddy start --processes N` runs in each of its request processes (src/processes).
  if (command === REQUEST_PROCESS_COMMAND) return (await import('../processes/request-process.js')).runRequestProcess();
  if (command !== 'start' && command !== 'dev') {
    process.stderr.write(`eddy: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  return startCommand(command, rest);
}
