import type { AttributeType, AttributeValue } from '../values/attribute-value.js';
import type { ExpressionKind } from './expression-errors.js';
import type { Path } from './paths.js';

/** A value in a condition: an attribute of the item, a literal, or `size()` of either. */
export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'size'; operand: Operand };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A parsed condition (ConditionExpression, FilterExpression, KeyConditionExpression, or the legacy
 * Expected / QueryFilter / ScanFilter parameters converted to the same shape). Placeholders are
 * already resolved, so evaluating it needs only the item.
 */
export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | {
      kind: 'between';
      operand: Operand;
      lower: Operand;
      upper: Operand;
      /** The parameter to name if the bounds turn out reversed when evaluated. */
      source?: ExpressionKind;
    }
  | { kind: 'in'; operand: Operand; candidates: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; condition: Condition }
  | { kind: 'attribute_exists' | 'attribute_not_exists'; path: Path }
  | { kind: 'attribute_type'; path: Path; type: AttributeType }
  | { kind: 'begins_with'; operand: Operand; prefix: Operand }
  | { kind: 'contains'; operand: Operand; value: Operand };
