/** Functions of condition expressions (names are case-sensitive). */
export const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
]);

/** Functions of SET actions in update expressions. */
export const UPDATE_FUNCTIONS: ReadonlySet<string> = new Set(['if_not_exists', 'list_append']);

/**
 * Why a function name cannot be used where it appears, or undefined when it can. A function of the
 * other expression kind gets DynamoDB's dedicated message (wording from DynamoDB's own error catalogue;
 * the exact text for this case is unconfirmed), anything else is unknown.
 */
export function functionNameError(name: string, context: 'condition' | 'update'): string | undefined {
  const own = context === 'condition' ? CONDITION_FUNCTIONS : UPDATE_FUNCTIONS;
  if (own.has(name)) return undefined;
  if (context === 'condition' && UPDATE_FUNCTIONS.has(name)) {
    return `The function is not allowed in a condition expression; function: ${name}`;
  }
  if (context === 'update' && CONDITION_FUNCTIONS.has(name)) {
    return `The function is not allowed in an update expression; function: ${name}`;
  }
  return `Invalid function name; function: ${name}`;
}

export const operandCountError = (name: string, count: number): string =>
  `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${count}`;

export const operandTypeError = (name: string, type: string): string =>
  `Incorrect operand type for operator or function; operator or function: ${name}, operand type: ${type}`;

export const requiresPathError = (name: string): string =>
  `Operator or function requires a document path; operator or function: ${name}`;

export const misusedFunctionError = (name: string): string =>
  `The function is not allowed to be used this way in an expression; function: ${name}`;

export const undefinedNameError = (ref: string): string =>
  `An expression attribute name used in the document path is not defined; attribute name: ${ref}`;

export const undefinedValueError = (ref: string): string =>
  `An expression attribute value used in expression is not defined; attribute value: ${ref}`;

export const reservedWordError = (name: string): string =>
  `Attribute name is a reserved keyword; reserved keyword: ${name}`;
