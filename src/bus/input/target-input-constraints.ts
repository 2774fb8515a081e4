import { quoteValue } from '../../shared/quote-value.js';
import type { TargetInputSettings } from './render-target-input.js';

/** The `Target` model's limits on its input members (botocore events 2015-10-07). */
export const TARGET_INPUT_LIMITS = {
  /** `Input` (TargetInput): at most 8,192 characters. */
  input: 8192,
  /** `InputPath` and each InputPathsMap value (TargetInputPath): at most 256 characters. */
  inputPath: 256,
  /** InputPathsMap (TransformerPaths): at most 100 entries. */
  inputPathsMapEntries: 100,
  /** InputPathsMap keys (InputTransformerPathKey): 1–256 characters of `[A-Za-z0-9\_\-]+`. */
  inputPathsMapKey: { min: 1, max: 256, pattern: '[A-Za-z0-9\\_\\-]+' },
  /** `InputTemplate` (TransformerInput): required, 1–8,192 characters. */
  inputTemplate: { min: 1, max: 8192 },
} as const;

const KEY_PATTERN = new RegExp(`^(?:${TARGET_INPUT_LIMITS.inputPathsMapKey.pattern})$`);

/**
 * The model-constraint violations of a target's input members, in the `Target` shape's member order,
 * worded as AWS's request validation words them:
 * `Value '<value>' at '<memberPath>.input' failed to satisfy constraint: Member must have length less than or equal to 8192`.
 * `memberPath` locates the target in the request (`targets.2.member`). PutTargets joins these with its
 * other members' violations into one ValidationException ("N validation errors detected: …; …"),
 * before any rule of `targetInputProblem` is checked. Reserved names as InputPathsMap keys fail here:
 * their dots break the key pattern (measured: "1 validation error detected").
 */
export function targetInputViolations(target: TargetInputSettings, memberPath: string): string[] {
  const violations: string[] = [];
  const add = (value: unknown, member: string, constraint: string) => violations.push(violation(value, `${memberPath}.${member}`, constraint));
  const { input, inputPath, inputTransformer } = target;
  if (input !== undefined && input.length > TARGET_INPUT_LIMITS.input) add(input, 'input', maxLength(TARGET_INPUT_LIMITS.input));
  if (inputPath !== undefined && inputPath.length > TARGET_INPUT_LIMITS.inputPath) add(inputPath, 'inputPath', maxLength(TARGET_INPUT_LIMITS.inputPath));
  if (inputTransformer === undefined) return violations;

  const map = inputTransformer.inputPathsMap;
  if (map !== undefined) {
    const entries = Object.entries(map);
    const key = TARGET_INPUT_LIMITS.inputPathsMapKey;
    if (entries.length > TARGET_INPUT_LIMITS.inputPathsMapEntries) add(map, 'inputTransformer.inputPathsMap', maxLength(TARGET_INPUT_LIMITS.inputPathsMapEntries));
    for (const [name] of entries) {
      if (name.length < key.min || name.length > key.max || !KEY_PATTERN.test(name)) {
        add(map, 'inputTransformer.inputPathsMap', `Map keys must satisfy constraint: [${maxLength(key.max)}, ${minLength(key.min)}, Member must satisfy regular expression pattern: ${key.pattern}]`);
      }
    }
    for (const [, path] of entries) {
      if (path.length > TARGET_INPUT_LIMITS.inputPath) add(map, 'inputTransformer.inputPathsMap', `Map value must satisfy constraint: [${maxLength(TARGET_INPUT_LIMITS.inputPath)}]`);
    }
  }
  const template = inputTransformer.inputTemplate;
  const bounds = TARGET_INPUT_LIMITS.inputTemplate;
  if (template === undefined || template === null) add(undefined, 'inputTransformer.inputTemplate', 'Member must not be null');
  else if (template.length < bounds.min) add(template, 'inputTransformer.inputTemplate', minLength(bounds.min));
  else if (template.length > bounds.max) add(template, 'inputTransformer.inputTemplate', maxLength(bounds.max));
  return violations;
}

/** "1 validation error detected: …" / "N validation errors detected: …; …". */
export const validationErrorsMessage = (violations: readonly string[]): string =>
  `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected: ${violations.join('; ')}`;

const maxLength = (n: number) => `Member must have length less than or equal to ${n}`;
const minLength = (n: number) => `Member must have length greater than or equal to ${n}`;

/** Long values are quoted in full up to this many characters (an 8 KB Input fits), then cut. */
const MAX_QUOTED = 16 * 1024;

function violation(value: unknown, path: string, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${quoteValue(value, { style: 'list', max: MAX_QUOTED })}'`;
  return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}
