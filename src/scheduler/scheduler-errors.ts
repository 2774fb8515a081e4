import { ServiceError } from '../shared/service-error.js';

/**
 * Scheduler's errors (REST JSON: the type travels in `X-Amzn-ErrorType`, the body is `{"Message": …}`).
 * Statuses are the model's: Validation 400, ResourceNotFound 404, Conflict 409, ServiceQuotaExceeded 402,
 * InternalServer 500 (SEMANTICS F.1). Wordings are AWS's where recorded, else marked unconfirmed.
 */
const error = (type: string, message: string, status: number): ServiceError => new ServiceError(type, message, status);

export const schedulerErrors = {
  validation: (message: string) => error('ValidationException', message, 400),
  /** Quoted from real AWS in aws/aws-sdk-js-v3#5720. */
  scheduleNotFound: (name: string) => error('ResourceNotFoundException', `Schedule ${name} does not exist.`, 404),
  /** Unconfirmed (modelled on the schedule's). */
  groupNotFound: (name: string) => error('ResourceNotFoundException', `Schedule group ${name} does not exist.`, 404),
  /** Unconfirmed (moto's). */
  scheduleExists: (name: string) => error('ConflictException', `Schedule ${name} already exists.`, 409),
  /** Unconfirmed (moto's). */
  groupExists: (name: string) => error('ConflictException', `Schedule group ${name} already exists.`, 409),
  /** Unconfirmed: the default group can be neither created nor deleted. */
  defaultGroup: () => error('ValidationException', 'The default schedule group cannot be created or deleted.', 400),
  /** Unconfirmed: a schedule written into a group that is being deleted (AWS's code and wording unknown; Conflict is the model's error for a resource in the wrong state). */
  groupDeleting: (name: string) => error('ConflictException', `Schedule group ${name} is being deleted.`, 409),
  internal: () => error('InternalServerException', 'Unexpected error occurred while processing the request.', 500),
};
