/**
 * A pattern EventBridge (or a Lambda/Pipes filter) would refuse. `reason` is the text AWS puts after
 * `Reason: `; callers map the error to their service's exception (`InvalidEventPatternException` for
 * EventBridge, `InvalidParameterValueException: Invalid filter pattern definition.` for Lambda).
 *
 * AWS's real message also carries a Jackson location suffix
 * (`\n at [Source: (String)"…"; line: 1, column: 13]`); we do not reproduce it.
 */
export class InvalidEventPatternError extends Error {
  readonly reason: string;
  /** The rule whose pattern this is, when a whole rule set was being compiled (`compileRuleSet`). */
  readonly ruleId: string | undefined;

  constructor(reason: string, ruleId?: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'InvalidEventPatternError';
    this.reason = reason;
    this.ruleId = ruleId;
  }
}

/** Throws the error for `reason`; typed `never` so validation reads as straight-line code. */
export function invalidPattern(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
