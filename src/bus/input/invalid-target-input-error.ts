/**
 * Target input options PutTargets would refuse. The message is AWS's text (a model-constraint list
 * "1 validation error detected: …", or one rule's message such as "InputPath for target t1 is
 * invalid."); PutTargets answers the whole request with `ValidationException` and this message —
 * AWS reports these per request, not as per-target `FailedEntries`.
 */
export class InvalidTargetInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTargetInputError';
  }
}
