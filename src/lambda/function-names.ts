import type { Deployment } from '../shared/arns.js';
import { lambdaErrors } from './lambda-errors.js';

export const functionArn = (d: Deployment, name: string): string => `arn:aws:lambda:${d.region}:${d.account}:function:${name}`;

/**
 * The function name in a FunctionName parameter: a name, a full ARN or a partial ARN
 * (`ACCOUNT:function:NAME`), optionally with `:$LATEST`. Versions and aliases other than $LATEST do
 * not exist in Eddy: asking for one is ResourceNotFoundException, as for any missing version.
 */
export function resolveFunctionName(raw: string, qualifier: string | null, d: Deployment): string {
  if (raw.length === 0 || raw.length > 170) {
    throw lambdaErrors.validation(`1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must have length less than or equal to 170`);
  }
  let name = raw;
  let version = qualifier;
  const full = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/.exec(raw);
  const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([\w$-]+))?$/.exec(raw);
  if (full) {
    if (full[1] !== d.region || full[2] !== d.account) throw lambdaErrors.functionNotFound(raw);
    name = full[3]!;
    version = full[4] ?? version;
  } else if (partial) {
    if (partial[1] !== d.account) throw lambdaErrors.functionNotFound(raw);
    name = partial[2]!;
    version = partial[3] ?? version;
  } else if (!/^[A-Za-z0-9_-]{1,64}$/.test(raw)) {
    throw lambdaErrors.validation(
      `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`,
    );
  }
  if (version !== null && version !== undefined && version !== '$LATEST') throw lambdaErrors.functionNotFound(`${functionArn(d, name)}:${version}`);
  return name;
}
