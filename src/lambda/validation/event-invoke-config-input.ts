import { lambdaErrors } from '../lambda-errors.js';
import { DESTINATION_ARN_PATTERN, matchesDestinationPattern } from '../destinations/destination-arn.js';

/** The settings members of PutFunctionEventInvokeConfig / UpdateFunctionEventInvokeConfig, checked against the model. */
export interface EventInvokeConfigInput {
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeInSeconds?: number;
  /** Present when the request has a DestinationConfig; an empty Destination counts as none. */
  readonly destinationConfig?: { readonly onSuccess?: string; readonly onFailure?: string };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const present = (value: unknown): boolean => value !== undefined && value !== null;

/** A member of the wrong JSON type (worded as the event source mapping operations word it; Lambda's own text is unconfirmed). */
const wrongType = (member: string, what: string) => lambdaErrors.invalidParameterValue(`${member} must be ${what}`);

function integer(body: Record<string, unknown>, member: string): number | undefined {
  const value = body[member];
  if (!present(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(member, 'an integer');
  return value;
}

function destination(config: Record<string, unknown>, member: 'OnSuccess' | 'OnFailure'): string | undefined {
  const outcome = config[member];
  if (!present(outcome)) return undefined;
  if (!isObject(outcome)) throw wrongType(`DestinationConfig.${member}`, 'an object');
  const arn = outcome['Destination'];
  if (!present(arn)) return undefined;
  if (typeof arn !== 'string') throw wrongType(`DestinationConfig.${member}.Destination`, 'a string');
  return arn;
}

/**
 * Reads the settings members of a request body: wrong JSON types first, then every model constraint,
 * reported together in one ValidationException in the model's member order, as Lambda does:
 * MaximumRetryAttempts 0–2, MaximumEventAgeInSeconds 60–21600, each Destination at most 350
 * characters matching DestinationArn's pattern.
 */
export function readEventInvokeConfigInput(body: Record<string, unknown>): EventInvokeConfigInput {
  const maximumRetryAttempts = integer(body, 'MaximumRetryAttempts');
  const maximumEventAgeInSeconds = integer(body, 'MaximumEventAgeInSeconds');
  const config = body['DestinationConfig'];
  if (present(config) && !isObject(config)) throw wrongType('DestinationConfig', 'an object');
  const onSuccess = isObject(config) ? destination(config, 'OnSuccess') : undefined;
  const onFailure = isObject(config) ? destination(config, 'OnFailure') : undefined;

  const violations: string[] = [];
  const violated = (value: unknown, field: string, rule: string) => violations.push(`Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`);
  const range = (value: number | undefined, field: string, min: number, max: number) => {
    if (value !== undefined && value < min) violated(value, field, `Member must have value greater than or equal to ${min}`);
    if (value !== undefined && value > max) violated(value, field, `Member must have value less than or equal to ${max}`);
  };
  range(maximumRetryAttempts, 'maximumRetryAttempts', 0, 2);
  range(maximumEventAgeInSeconds, 'maximumEventAgeInSeconds', 60, 21_600);
  for (const [arn, field] of [
    [onSuccess, 'destinationConfig.onSuccess.destination'],
    [onFailure, 'destinationConfig.onFailure.destination'],
  ] as const) {
    if (arn === undefined) continue;
    if (arn.length > 350) violated(arn, field, 'Member must have length less than or equal to 350');
    if (!matchesDestinationPattern(arn)) violated(arn, field, `Member must satisfy regular expression pattern: ${DESTINATION_ARN_PATTERN}`);
  }
  if (violations.length > 0) {
    const count = `${violations.length} validation error${violations.length === 1 ? '' : 's'} detected`;
    throw lambdaErrors.validation(`${count}: ${violations.join('; ')}`);
  }
  return {
    ...(maximumRetryAttempts !== undefined && { maximumRetryAttempts }),
    ...(maximumEventAgeInSeconds !== undefined && { maximumEventAgeInSeconds }),
    ...(isObject(config) && { destinationConfig: { ...(onSuccess && { onSuccess }), ...(onFailure && { onFailure }) } }),
  };
}

/** Put and Update need at least one setting (AWS checks this before it looks for the function). */
export function requireSomeSetting(input: EventInvokeConfigInput): void {
  if (input.maximumRetryAttempts === undefined && input.maximumEventAgeInSeconds === undefined && input.destinationConfig === undefined) {
    throw lambdaErrors.invalidParameterValue('You must specify at least one of error handling or destination setting.');
  }
}
