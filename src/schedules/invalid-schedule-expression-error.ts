/**
 * A schedule expression AWS would refuse. AWS's messages say only that the expression is invalid, so
 * `reason` (ours, for logs and tests) says why; callers answer with their service's text:
 * - EventBridge PutRule: `ValidationException` {@link InvalidScheduleExpressionError.ruleMessage}
 *   (observed: LocalStack's AWS-validated events schedule tests, SEMANTICS C.5);
 * - Scheduler CreateSchedule/UpdateSchedule: `ValidationException`
 *   {@link InvalidScheduleExpressionError.schedulerMessage} (observed: LocalStack's scheduler snapshot, F.1).
 */
export class InvalidScheduleExpressionError extends Error {
  readonly expression: string;
  readonly reason: string;

  constructor(expression: string, reason: string) {
    super(`Schedule expression ${JSON.stringify(expression)} is not valid: ${reason}`);
    this.name = 'InvalidScheduleExpressionError';
    this.expression = expression;
    this.reason = reason;
  }

  /** PutRule's message, the same for every invalid expression. */
  get ruleMessage(): string {
    return 'Parameter ScheduleExpression is not valid.';
  }

  /** Scheduler's message: the expression verbatim, leading spaces included (` rate(10 minutes)` → two spaces). */
  get schedulerMessage(): string {
    return `Invalid Schedule Expression ${this.expression}.`;
  }
}

/** Throws the error for `expression`; typed `never` so parsing reads as straight-line code. */
export function invalidExpression(expression: string, reason: string): never {
  throw new InvalidScheduleExpressionError(expression, reason);
}
