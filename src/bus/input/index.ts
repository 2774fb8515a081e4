// Target input: what a rule's target receives (Input, InputPath, InputTransformer), PutTargets' checks of it, and the template renderer Pipes reuses.
export { compileTargetInput, renderTargetInput } from './render-target-input.js';
export type { TargetInput, TargetInputRenderer, TargetInputSettings } from './render-target-input.js';
export { formatEventTime, RESERVED_VARIABLES } from './reserved-variables.js';
export type { RuleContext } from './reserved-variables.js';
export { targetInputProblem, validateTargetInput } from './validate-target-input.js';
export type { TargetWithInput } from './validate-target-input.js';
export { TARGET_INPUT_LIMITS, targetInputViolations, validationErrorsMessage } from './target-input-constraints.js';
export { InvalidTargetInputError } from './invalid-target-input-error.js';

// The rendering core, for Pipes' input templates (`<$.path>` placeholders, `aws.pipes.*` variables).
export { EVENTS_PLACEHOLDER_NAME, parseInputTemplate, placeholderNames } from './input-template.js';
export type { InputTemplate, Placeholder, PlaceholderPosition } from './input-template.js';
export { renderTemplate } from './render-template.js';
export type { PlaceholderResolver, RenderedTemplate } from './render-template.js';
export { evaluateJsonPath, parseJsonPath } from './json-path.js';
export type { JsonPath, JsonPathStep } from './json-path.js';
export { checkJsonText, isJsonText } from './json-text.js';
export type { JsonValue } from './json-value.js';
