import type { TargetDefinition } from './bus-documents.js';
import { busErrors } from './bus-errors.js';
import { InvalidTargetInputError, validateTargetInput } from './input/index.js';

/**
 * PutTargets' checks of each target beyond the model's, each failing the whole request with a
 * ValidationException (nothing is stored): the ARN must be one (moto's wording, unconfirmed); the
 * input options as src/bus/input checks them (one of Input, InputPath, InputTransformer, valid JSON,
 * paths and placeholders); a FIFO queue needs SqsParameters (the message as CloudFormation and
 * Terraform users report it). A target naming a function or queue that does not exist is accepted,
 * as AWS does: its deliveries fail later. `index` is the target's place in the request, from 0.
 */
export function checkTarget(target: TargetDefinition, index: number): void {
  if (!/^arn:[^:]+:[^:]+:/.test(target.Arn)) {
    throw busErrors.validation(`Parameter ${target.Arn} is not valid. Reason: Provided Arn is not in correct format.`);
  }
  const { Id, Input, InputPath, InputTransformer } = target;
  try {
    validateTargetInput(
      {
        id: Id,
        ...(Input !== undefined && { input: Input }),
        ...(InputPath !== undefined && { inputPath: InputPath }),
        ...(InputTransformer !== undefined && {
          inputTransformer: { inputTemplate: InputTransformer.InputTemplate, ...(InputTransformer.InputPathsMap && { inputPathsMap: InputTransformer.InputPathsMap }) },
        }),
      },
      `targets.${index + 1}.member`,
    );
  } catch (error) {
    if (error instanceof InvalidTargetInputError) throw busErrors.validation(error.message);
    throw error;
  }
  if (/^arn:[^:]+:sqs:/.test(target.Arn) && target.Arn.endsWith('.fifo') && target.SqsParameters === undefined) {
    throw busErrors.validation(`Parameter(s) SqsParameters must be specified for target: ${target.Id}.`);
  }
}
