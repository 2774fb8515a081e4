import type { RuleStatus } from '../bus/rule-status.js';
import { adminRequest, CLIENT_FLAGS_HELP, clientCommand } from './client-command.js';
import { ruleTable } from './rule-table.js';

export const RULES_HELP = `Usage: eddy rules [BUS] [--endpoint URL] [--auth-file FILE] [--json]

Shows the rules of BUS (of every bus without it) of a running Eddy, one row per target: the rule's state
and pattern or schedule, then the target's deliveries — matched (made), delivered, pending, retrying
(pending after a failed attempt), failed (given up on and dropped) and dead-lettered. The counters come
from storage: every node sharing it counts.
${CLIENT_FLAGS_HELP}  --json           The rules, their targets and counters as JSON
`;

/** `eddy rules`: the admin API's rules with their delivery counters, as a table or JSON. */
export async function rulesCommand(args: string[]): Promise<number> {
  const command = await clientCommand('rules', args, { json: { type: 'boolean' } }, RULES_HELP, 'bus name', true);
  if (typeof command === 'number') return command;
  const { values, subject: bus } = command;
  const response = await adminRequest('rules', command, `/_eddy/bus/rules${bus === undefined ? '' : `?bus=${encodeURIComponent(bus)}`}`);
  if (typeof response === 'number') return response;
  const text = await response.text();
  const { rules } = JSON.parse(text) as { rules: RuleStatus[] };
  if (values['json']) process.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
  else process.stdout.write(rules.length === 0 ? `No rules${bus === undefined ? '' : ` on bus ${bus}`}.\n` : ruleTable(rules));
  return 0;
}
