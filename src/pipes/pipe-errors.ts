import { ServiceError } from '../shared/service-error.js';

/** One entry of a ValidationException's `fieldList`. */
export interface FieldProblem {
  readonly name: string;
  readonly message: string;
}

const error = (type: string, message: string, status: number, fields?: Record<string, unknown>): ServiceError =>
  new ServiceError(type, message, status, fields);

/**
 * Pipes' errors (botocore pipes 2015-10-07): ValidationException 400 with `fieldList`, NotFoundException
 * 404, ConflictException 409 with `resourceId` and `resourceType`, InternalException 500. The shapes
 * are the model's; the messages are ours unless a comment says otherwise (AWS's wording unconfirmed).
 */
export const pipesErrors = {
  validation: (message: string, fieldList: readonly FieldProblem[] = []) =>
    error('ValidationException', message, 400, fieldList.length > 0 ? { fieldList } : undefined),
  /** A semantic problem with one member, as its own field. */
  invalid: (name: string, message: string) => pipesErrors.validation(`${name}: ${message}`, [{ name, message }]),
  notFound: (name: string) => error('NotFoundException', `Pipe ${name} does not exist.`, 404),
  resourceNotFound: (arn: string) => error('NotFoundException', `Resource ${arn} does not exist.`, 404),
  conflict: (name: string, message: string) => error('ConflictException', message, 409, { resourceId: name, resourceType: 'pipe' }),
  internal: () => error('InternalException', 'Internal error', 500),
};
