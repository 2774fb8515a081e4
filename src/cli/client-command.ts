import { parseArgs } from 'node:util';
import { readAuthFile } from '../config/auth-credentials.js';
import type { Credentials } from '../shared/credentials.js';
import { PLACEHOLDER_CREDENTIALS, signedFetch, type SignedFetch } from './signed-fetch.js';

/** The flags of a command that talks to a running Eddy: strings or booleans (`endpoint`, `auth-file` and `help` are added). */
export type ClientFlags = Record<string, { type: 'string' | 'boolean' }>;

export interface ClientCommand {
  readonly values: Record<string, string | boolean | undefined>;
  /** The one positional argument, when the command takes one. */
  readonly subject: string | undefined;
  /** The running Eddy: --endpoint, else $EDDY_ENDPOINT, else http://127.0.0.1:4566 (no trailing slash). */
  readonly endpoint: string;
  /** fetch signed with the command's credentials (see `clientCredentials`). */
  readonly fetch: SignedFetch;
}

/** The help lines of the flags every such command takes besides its own. */
export const CLIENT_FLAGS_HELP = `  --endpoint URL   The running Eddy (default http://127.0.0.1:4566, or $EDDY_ENDPOINT)
  --auth-file FILE Sign requests with the first key pair in FILE (the file eddy start --auth-file reads);
                   default: $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY, else a placeholder pair
`;

/** After a refusal: what to do when it was for the signature (the Eddy was started with --auth-file). */
export function signatureHint(answer: string): string {
  return /(MissingAuthenticationToken|IncompleteSignature|UnrecognizedClient|InvalidSignature)Exception/.test(answer)
    ? '\n  This Eddy verifies signatures: give --auth-file FILE with one of its key pairs, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.'
    : '';
}

/**
 * The pair the command signs with: the first of --auth-file's (same file and format as `eddy start
 * --auth-file`), else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN when set), else a placeholder, which an Eddy that
 * verifies nothing accepts. Throws an Error naming the file when it cannot be read.
 */
export async function clientCredentials(authFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Credentials> {
  if (authFile !== undefined) return (await readAuthFile(authFile))[0]!;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!accessKeyId || !secretAccessKey) return PLACEHOLDER_CREDENTIALS;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/**
 * Parses the arguments of `eddy <name>` for a command that talks to a running Eddy. Returns the exit
 * code instead when it is done already: 0 after --help, 2 for bad arguments (the message printed).
 * `subject` names the one positional argument the command wants (e.g. 'table name'), if any;
 * `subjectOptional`: the command may be given none.
 */
export async function clientCommand(
  name: string,
  args: string[],
  flags: ClientFlags,
  help: string,
  subject?: string,
  subjectOptional = false,
): Promise<ClientCommand | number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: subject !== undefined,
      strict: true,
      options: { ...flags, endpoint: { type: 'string' }, 'auth-file': { type: 'string' }, help: { type: 'boolean' } },
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
  let credentials: Credentials;
  try {
    credentials = await clientCredentials(values['auth-file'] as string | undefined);
  } catch (error) {
    process.stderr.write(`eddy ${name}: ${(error as Error).message}\n`);
    return 2;
  }
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return { values, subject: first, endpoint, fetch: signedFetch(credentials, region) };
}

/**
 * `eddy <name>`'s request to the running Eddy (`path` under its endpoint): the answer when Eddy accepted it,
 * its body unread (a feed's events follow); otherwise the exit code 1, after saying why on stderr — Eddy
 * could not be reached, or the error it answered (with what to do about a signature it refused).
 */
export async function adminRequest(name: string, command: ClientCommand, path: string, init?: Parameters<SignedFetch>[1]): Promise<Response | number> {
  let response: Response;
  try {
    response = await command.fetch(`${command.endpoint}${path}`, init);
  } catch (error) {
    process.stderr.write(`eddy ${name}: cannot reach Eddy at ${command.endpoint} (${(error as Error).message}); is it running?\n`);
    return 1;
  }
  if (response.ok && response.body) return response;
  const text = await response.text();
  let message = text;
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    // not JSON: said as it is
  }
  process.stderr.write(`eddy ${name}: ${message || `HTTP ${response.status}`}${signatureHint(text)}\n`);
  return 1;
}
