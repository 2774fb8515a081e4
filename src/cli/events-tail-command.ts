import type { DeliveryActivity, EventActivity } from '../bus/bus-activity.js';
import { deliveryLine, eventLine, skippedLine } from './bus-activity-lines.js';
import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { serverSentEvents } from './server-sent-events.js';

export const EVENTS_TAIL_HELP = `Usage: eddy events tail [BUS] [--endpoint URL] [--auth-file FILE] [--deliveries] [--json]

Prints each event accepted on BUS (on every bus without it) as it arrives, one line each: time, bus,
source, detail-type, the start of its id and the rules it matched (→). Failed delivery attempts follow,
indented, with the event's id: ↻ retrying (the error, when the next attempt is due), ✗ dead-lettered (to
which queue) or dropped. Shows what this Eddy process accepts and delivers (not other nodes').
${CLIENT_FLAGS_HELP}  --deliveries     Also a line per successful delivery (✓ rule/target and how long it took)
  --json           One JSON message per line (type event, delivery or skipped), every delivery included
`;

/** `eddy events tail`: follows a running Eddy's bus activity feed (Server-Sent Events) and prints it. */
export async function eventsTailCommand(args: string[]): Promise<number> {
  const flags = { deliveries: { type: 'boolean' }, json: { type: 'boolean' } } as const;
  const command = await clientCommand('events tail', args, flags, EVENTS_TAIL_HELP, 'bus name', true);
  if (typeof command === 'number') return command;
  const { values, subject: bus } = command;
  const path = `/_eddy/bus/events/tail${bus === undefined ? '' : `?bus=${encodeURIComponent(bus)}`}`;
  const response = await adminRequest('events tail', command, path, { headers: { accept: 'text/event-stream' } });
  if (typeof response === 'number') return response;
  for await (const { event, data } of serverSentEvents(response.body!)) {
    if (event === 'ready') {
      // On stderr even with --json: stdout stays one JSON message a line, and a script learns the tail is following.
      process.stderr.write(`tailing ${bus === undefined ? 'every bus' : `bus ${bus}`}; Ctrl-C to stop\n`);
      continue;
    }
    if (values['json']) {
      if (event === 'event' || event === 'delivery' || event === 'skipped') process.stdout.write(`${data}\n`);
      continue;
    }
    const line = lineOf(event, data, values['deliveries'] === true);
    if (line !== undefined) process.stdout.write(`${line}\n`);
  }
  process.stderr.write('eddy events tail: Eddy closed the connection\n');
  return 0;
}

/** The line a message prints, if any: successful deliveries only with `--deliveries`. */
function lineOf(event: string, data: string, deliveries: boolean): string | undefined {
  if (event === 'event') return eventLine(JSON.parse(data) as EventActivity);
  if (event === 'delivery') {
    const delivery = JSON.parse(data) as DeliveryActivity;
    return delivery.outcome === 'delivered' && !deliveries ? undefined : deliveryLine(delivery);
  }
  if (event === 'skipped') {
    const skipped = JSON.parse(data) as { events: number; deliveries: number };
    return skippedLine(skipped.events, skipped.deliveries);
  }
  return undefined;
}
