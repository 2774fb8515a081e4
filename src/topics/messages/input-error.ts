/**
 * A rejected Publish / PublishBatch input: the SNS error code and AWS's text (SEMANTICS.md §E.2–§E.4).
 * The wire layer maps `code` to its HTTP status with the table of §E.1 (all of these are 400s, Type Sender).
 */
export interface SnsInputError {
  readonly code: string;
  readonly message: string;
}

/** Either the checked value or the first error, in AWS's check order. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SnsInputError };

/** Thrown inside the checks and caught at their entry points, so each check reads top to bottom. */
export class InputRejected extends Error {
  readonly error: SnsInputError;
  constructor(code: string, message: string) {
    super(message);
    this.error = { code, message };
  }
}

/** `InvalidParameter` with its `Invalid parameter: …` text. */
export function invalidParameter(detail: string): InputRejected {
  return new InputRejected('InvalidParameter', `Invalid parameter: ${detail}`);
}

/** `ParameterValueInvalid`, the code of the message-attribute errors (§E.4 MessageAttributes). */
export function parameterValueInvalid(message: string): InputRejected {
  return new InputRejected('ParameterValueInvalid', message);
}

/** The query protocol's null-member error (§E.1): `1 validation error detected: Value null at '<path>' …`. */
export function nullMember(path: string): InputRejected {
  return new InputRejected(
    'ValidationError',
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  );
}

/** Runs `check`, turning an InputRejected into `{ ok: false }`; anything else is a bug and is rethrown. */
export function checked<T>(check: () => T): Checked<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof InputRejected) return { ok: false, error: error.error };
    throw error;
  }
}
