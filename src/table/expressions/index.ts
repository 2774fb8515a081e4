/**
 * DynamoDB's expression language: parsing and checking condition, filter, key-condition, update and
 * projection expressions (with DynamoDB's exact ValidationException messages), evaluating conditions,
 * applying updates and projecting items — plus the legacy Expected / QueryFilter / ScanFilter /
 * KeyConditions / AttributeUpdates / AttributesToGet parameters converted to the same trees.
 *
 * Typical use by an operation: build one `ExpressionScope` per request, parse every expression
 * (Update, Condition, KeyCondition, Filter, Projection — DynamoDB's order), call
 * `scope.assertAllUsed()`, then evaluate against items. Nothing here does I/O.
 */
export { checkPlaceholderMaps, ExpressionScope } from './scope.js';
export type { ExpressionKind } from './expression-errors.js';
export { invalidExpression } from './expression-errors.js';
export { isReservedWord } from './reserved-words.js';

export type { Path, PathElement } from './paths.js';
export { formatPath, valueAtPath } from './paths.js';

export type { Comparator, Condition, Operand } from './condition.js';
export { parseCondition } from './condition-parser.js';
export { evaluateCondition } from './evaluate-condition.js';
export { sizeOf } from './operand-value.js';

export type { ComparisonOperator, KeyCondition, KeyConditionTerm, SortKeyOperator } from './key-condition.js';
export { bindKeyCondition, keyConditionTerms, parseKeyCondition } from './key-condition.js';
export { keyConditionTermsOf } from './key-condition-cache.js';

export type { UpdateAction, UpdatePlan, UpdateValue } from './update.js';
export { parseUpdate } from './update-parser.js';
export type { UpdateResult } from './apply-update.js';
export { applyUpdate } from './apply-update.js';

export type { Projection } from './projection.js';
export { parseProjection, projectItem } from './projection.js';
export { projectionOf } from './projection-cache.js';

export type { ExpectedAttributeValue, LegacyCondition } from './legacy-conditions.js';
export { conditionFromFilter, expectedCondition, keyConditionsFromLegacy } from './legacy-conditions.js';
export type { AttributeValueUpdate } from './legacy-updates.js';
export { attributesToGetProjection, attributeUpdatesPlan } from './legacy-updates.js';
