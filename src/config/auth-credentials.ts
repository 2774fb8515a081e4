import { readFile } from 'node:fs/promises';
import type { Credentials } from '../shared/credentials.js';

/**
 * The key pairs requests must be signed with (`auth: { credentials: [...] }` in the config, or
 * `eddy start --auth-file FILE`). Each problem is described with `where` (the config path or the
 * file) so the start can say what to fix; an empty list is a problem too (it would turn verification
 * off while the user asked for it).
 */
export function checkCredentials(value: unknown, where: string, problems: string[]): Credentials[] {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${where}: credentials must be a non-empty list of { accessKeyId, secretAccessKey }`);
    return [];
  }
  const seen = new Set<string>();
  const out: Credentials[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    const { accessKeyId, secretAccessKey } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof accessKeyId !== 'string' || !/^[A-Za-z0-9]{3,128}$/.test(accessKeyId)) {
      problems.push(`${at}.accessKeyId must be 3 to 128 letters and digits`);
      return;
    }
    if (typeof secretAccessKey !== 'string' || secretAccessKey.length < 1 || /\s/.test(secretAccessKey)) {
      problems.push(`${at}.secretAccessKey must be a string without spaces`);
      return;
    }
    if (seen.has(accessKeyId)) problems.push(`${at}.accessKeyId ${accessKeyId} is given twice`);
    seen.add(accessKeyId);
    out.push({ accessKeyId, secretAccessKey });
  });
  return out;
}

/**
 * Reads an auth file: JSON (`{ "credentials": [{ "accessKeyId": …, "secretAccessKey": … }] }`) or the AWS
 * CLI's credentials file (`[profile]` sections with aws_access_key_id / aws_secret_access_key; every
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
  const credentials = text.trimStart().startsWith('{') ? fromJson(text, path, problems) : checkCredentials(fromIni(text), path, problems);
  if (problems.length > 0) throw new Error(`--auth-file ${path}: ${problems.join('; ')}`);
  return credentials;
}

function fromJson(text: string, path: string, problems: string[]): Credentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push(`not JSON (${(error as Error).message})`);
    return [];
  }
  return checkCredentials((parsed as { credentials?: unknown }).credentials, `${path} credentials`, problems);
}

/** Every section's aws_access_key_id / aws_secret_access_key pair (sections missing one are skipped). */
function fromIni(text: string): { accessKeyId?: string; secretAccessKey?: string }[] {
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
    .map((s) => ({ accessKeyId: s['aws_access_key_id'], secretAccessKey: s['aws_secret_access_key'] }));
}
