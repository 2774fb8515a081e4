import type { TargetDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';

/**
 * PutTargets' checks of each target beyond the model's, each failing the whole request with a
 * ValidationException (nothing is stored): the ARN must be one (moto's wording, unconfirmed); at most one
 * of Input, InputPath and InputTransformer (observed); a FIFO queue needs SqsParameters (its message
 * observed in CloudFormation and Terraform reports). A target naming a function or queue that does not
 * exist is accepted, as AWS does: its deliveries fail later.
 */
export function checkTarget(target: TargetDefinition): void {
  if (!/^arn:[^:]+:[^:]+:/.test(target.Arn)) {
    throw busErrors.validation(`Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
  }
  const inputs = [target.Input, target.InputPath, target.InputTransformer].filter((given) => given !== undefined).length;
  if (inputs > 1) throw busErrors.validation(`Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.`);
  // TODO(bus input): validateTargetInput (src/bus/input) once it lands: Input must be JSON, paths and templates valid.
  if (/^arn:[^:]+:sqs:/.test(target.Arn) && target.Arn.endsWith('.fifo') && target.SqsParameters === undefined) {
    throw busErrors.validation(`Parameter(s) SqsParameters must be specified for target: ${target.Id}.`);
  }
}
