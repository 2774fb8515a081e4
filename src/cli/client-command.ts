import { parseArgs } from 'node:util';

/** The flags of a command that talks to a running Eddy: strings or booleans (`endpoint` and `help` are added). */
export type ClientFlags = Record<string, { type: 'string' | 'boolean' }>;

export interface ClientCommand {
  readonly values: Record<string, string | boolean | undefined>;
  /** The one positional argument, when the command takes one. */
  readonly subject: string | undefined;
  /** The running Eddy: --endpoint, else $EDDY_ENDPOINT, else http://127.0.0.1:4566 (no trailing slash). */
  readonly endpoint: string;
}

/**
 * Parses the arguments of `eddy <name>` for a command that talks to a running Eddy. Returns the exit
 * code instead when it is done already: 0 after --help, 2 for bad arguments (the message printed).
 * `subject` names the one positional argument the command wants (e.g. 'table name'), if any;
 * `subjectOptional`: the command may be given none.
 */
export function clientCommand(
  name: string,
  args: string[],
  flags: ClientFlags,
  help: string,
  subject?: string,
  subjectOptional = false,
): ClientCommand | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: subject !== undefined,
      strict: true,
      options: { ...flags, endpoint: { type: 'string' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`eddy ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values['help']) {
    process.stdout.write(help);
    return 0;
  }
  const [first, ...extra] = parsed.positionals;
  if (subject !== undefined && ((first === undefined && !subjectOptional) || extra.length > 0)) {
    process.stderr.write(`eddy ${name}: give ${subjectOptional ? 'at most' : 'exactly'} one ${subject}\n\n${help}`);
    return 2;
  }
  const endpoint = ((values['endpoint'] as string | undefined) ?? process.env.EDDY_ENDPOINT ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');
  return { values, subject: first, endpoint };
}
