// `useDotenv: true` (Framework v3, docs/environment-variables.md): `.env.<stage>` beside serverless.yml, else `.env`,
// loaded for `${env:…}`; variables already set win, as dotenv leaves them. Framework v4 loads .env files without
// the flag; Eddy follows v3 here and reads them only when asked (unconfirmed which a v4 user expects).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export interface DotenvResult {
  env: Record<string, string | undefined>;
  /** The file read, if any. */
  file?: string;
}

/** `env` with the stage's .env file under it. `stage` is the one known before variables resolve (--stage, a literal provider.stage, dev). */
export function withDotenv(serviceDir: string, stage: string, env: Readonly<Record<string, string | undefined>>): DotenvResult {
  for (const name of [`.env.${stage}`, '.env']) {
    const file = join(serviceDir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return { env: { ...parseEnv(text), ...definedOnly(env) }, file };
  }
  return { env: { ...env } };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
