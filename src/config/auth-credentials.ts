import { readFile } from 'node:fs/promises';
import type { Credentials } from '../shared/credentials.js';
import type { ConfigChecker } from './config-checker.js';

/** Where a problem is, and what it is. */
export type Report = (path: string, message: string) => void;

/**
 * The key pairs requests must be signed with (`auth: { credentials: [...] }` in the config, or
 * `eddy start --auth-file FILE`), each problem reported at its path so the start can say what to fix;
 * an empty list is a problem too (it would turn verification off while the user asked for it).
 */
export function checkCredentials(value: unknown, path: string, report: Report): Credentials[] {
  if (!Array.isArray(value) || value.length === 0) {
    report(path, 'expected a non-empty list of { accessKeyId, secretAccessKey }');
    return [];
  }
  const seen = new Set<string>();
  const out: Credentials[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    const { accessKeyId, secretAccessKey, sessionToken } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof accessKeyId !== 'string' || !/^[A-Za-z0-9]{3,128}$/.test(accessKeyId)) {
      report(`${at}.accessKeyId`, 'expected 3 to 128 letters and digits');
      return;
    }
    if (typeof secretAccessKey !== 'string' || secretAccessKey.length < 1 || /\s/.test(secretAccessKey)) {
      report(`${at}.secretAccessKey`, 'expected a string without spaces');
      return;
    }
    if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken.length < 1 || /\s/.test(sessionToken))) {
      report(`${at}.sessionToken`, 'expected a string without spaces (the temporary credentials\' session token), or no sessionToken');
      return;
    }
    if (seen.has(accessKeyId)) report(`${at}.accessKeyId`, `${accessKeyId} is given twice`);
    seen.add(accessKeyId);
    out.push({ accessKeyId, secretAccessKey, ...(sessionToken !== undefined && { sessionToken }) });
  });
  return out;
}

/** The config's `auth`: `{ credentials: [{ accessKeyId, secretAccessKey, sessionToken? }] }`, or undefined when absent. */
export function validateAuth(check: ConfigChecker, value: unknown, path: string): { credentials: Credentials[] } | undefined {
  if (value === undefined) return undefined;
  const auth = check.object(value, path, ['credentials']);
  if (!auth) return undefined;
  return { credentials: checkCredentials(auth['credentials'], `${path}.credentials`, (at, message) => check.problem(at, message)) };
}

/**
 * Reads an auth file: JSON (`{ "credentials": [{ "accessKeyId": …, "secretAccessKey": …, "sessionToken"?: … }] }`)
 * or the AWS CLI's credentials file (`[profile]` sections with aws_access_key_id / aws_secret_access_key,
 * and aws_session_token for temporary credentials (aws_security_token, its older name, too); every
 * profile's pair is accepted). Throws an Error naming the file and what is wrong.
 */
export async function readAuthFile(path: string): Promise<Credentials[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`--auth-file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const problems: string[] = [];
  const report: Report = (at, message) => problems.push(`${at}: ${message}`);
  const credentials = text.trimStart().startsWith('{') ? fromJson(text, problems, report) : checkCredentials(fromIni(text), 'credentials', report);
  if (problems.length > 0) throw new Error(`--auth-file ${path}: ${problems.join('; ')}`);
  return credentials;
}

function fromJson(text: string, problems: string[], report: Report): Credentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`not JSON (${(error as Error).message})`);
    return [];
  }
  return checkCredentials((parsed as { credentials?: unknown } | null)?.credentials, 'credentials', report);
}

/** Every section's aws_access_key_id / aws_secret_access_key pair and session token (sections missing one of the pair are skipped). */
function fromIni(text: string): { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string }[] {
  const sections: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[') && line.endsWith(']')) {
      sections.push((current = {}));
      continue;
    }
    const equals = line.indexOf('=');
    if (equals === -1 || current === undefined) continue;
    current[line.slice(0, equals).trim().toLowerCase()] = line.slice(equals + 1).trim();
  }
  return sections
    .filter((s) => s['aws_access_key_id'] !== undefined && s['aws_secret_access_key'] !== undefined)
    .map((s) => {
      const sessionToken = s['aws_session_token'] ?? s['aws_security_token'];
      return { accessKeyId: s['aws_access_key_id'], secretAccessKey: s['aws_secret_access_key'], ...(sessionToken !== undefined && { sessionToken }) };
    });
}
