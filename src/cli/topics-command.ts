import type { CapturedMessage, DeliveryAttempt } from '../topics/delivery/topic-activity.js';
import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { serverSentEvents } from './server-sent-events.js';
import { capturedLines, deliveryLine } from './topic-activity-lines.js';

export const TOPICS_HELP = `Usage: eddy topics tail [TOPIC] [--endpoint URL] [--auth-file FILE] [--all] [--json]

Prints the messages Eddy captured for email, email-json and sms subscriptions (they are never sent) as
they are delivered, of TOPIC's subscriptions or every topic's: time, topic, protocol → address, subject
and body, and the file it was written to under <data>/sns-email. Shows this Eddy process's deliveries
(not other nodes').
${CLIENT_FLAGS_HELP}  --all            Also a line per delivery attempt of every subscription (✓ delivered, ↻ retrying,
                   ✗ dead-lettered or dropped), confirmations included
  --json           One JSON message per line (type captured, delivery or skipped)
`;

/** `eddy topics tail`: follows a running Eddy's topic activity feed (Server-Sent Events) and prints it. */
export async function topicsCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(TOPICS_HELP);
    return 0;
  }
  if (sub !== 'tail') {
    process.stderr.write(`eddy topics: ${sub === undefined ? 'give tail' : `unknown command '${sub}'`}\n\n${TOPICS_HELP}`);
    return 2;
  }
  const flags = { all: { type: 'boolean' }, json: { type: 'boolean' } } as const;
  const command = await clientCommand('topics tail', rest, flags, TOPICS_HELP, 'topic name', true);
  if (typeof command === 'number') return command;
  const { values, subject: topic } = command;
  const query = new URLSearchParams({ ...(values['all'] || values['json'] ? { all: 'true' } : {}), ...(topic !== undefined && { topic }) }).toString();
  const response = await adminRequest('topics tail', command, `/_eddy/topics/tail${query === '' ? '' : `?${query}`}`, { headers: { accept: 'text/event-stream' } });
  if (typeof response === 'number') return response;
  for await (const { event, data } of serverSentEvents(response.body!)) {
    if (event === 'ready') {
      process.stderr.write(`tailing ${topic === undefined ? 'every topic' : `topic ${topic}`}; Ctrl-C to stop\n`);
      continue;
    }
    if (values['json']) {
      if (event === 'captured' || event === 'delivery' || event === 'skipped') process.stdout.write(`${data}\n`);
      continue;
    }
    if (event === 'captured') process.stdout.write(`${capturedLines(JSON.parse(data) as CapturedMessage)}\n`);
    else if (event === 'delivery') process.stdout.write(`${deliveryLine(JSON.parse(data) as DeliveryAttempt)}\n`);
    else if (event === 'skipped') process.stdout.write(`… ${(JSON.parse(data) as { messages: number }).messages} message(s) skipped: the terminal fell behind\n`);
  }
  process.stderr.write('eddy topics tail: Eddy closed the connection\n');
  return 0;
}
