/** A published message attribute, in the wire's member names or the camelCase of src/topics/messages. */
export type FilterableAttribute =
  | { readonly DataType: string; readonly StringValue?: string; readonly BinaryValue?: Uint8Array | string }
  | { readonly dataType: string; readonly stringValue?: string; readonly binaryValue?: Uint8Array | string };

/** What a filter policy looks at in a published message. */
export interface FilterableMessage {
  readonly attributes: Readonly<Record<string, FilterableAttribute>>;
  readonly body: string;
}

/**
 * "Five digits of accuracy after the decimal point" (AWS's constraint page [D]): numbers in policies and
 * messages are compared rounded to 5 decimals (the rounding itself is unconfirmed). Huge values are left as
 * they are (the documented range is ±1e9; outside it AWS's behaviour is unconfirmed).
 */
export function fiveDecimals(value: number): number {
  return Math.abs(value) < 1e15 ? Math.round(value * 1e5) / 1e5 : value;
}

function roundNumbers(value: unknown): unknown {
  if (typeof value === 'number') return fiveDecimals(value);
  if (Array.isArray(value) && value.some((element) => typeof element === 'number' || Array.isArray(element))) {
    return value.map(roundNumbers);
  }
  return value;
}

/**
 * The value an attribute offers the policy's leaf conditions (§E.5 Scope [D]): a String's text; a Number's
 * value as a number; a String.Array's elements, each matched on its own (`["value1","value2"]` matches
 * `["value1"]`); Binary, unknown types and an unparseable array offer nothing, as if the attribute were
 * missing (unconfirmed for the last). Custom type labels (`Number.float`, `String.id`) keep their base type.
 */
export function attributeValue(attribute: FilterableAttribute | undefined): unknown {
  if (attribute === undefined) return undefined;
  const dataType = 'DataType' in attribute ? attribute.DataType : attribute.dataType;
  const text = 'DataType' in attribute ? attribute.StringValue : attribute.stringValue;
  if (text === undefined) return undefined;
  if (dataType === 'String.Array') {
    try {
      const elements: unknown = JSON.parse(text);
      return Array.isArray(elements) ? roundNumbers(elements) : undefined;
    } catch {
      return undefined;
    }
  }
  const dot = dataType.indexOf('.');
  const base = dot === -1 ? dataType : dataType.slice(0, dot);
  if (base === 'String') return text;
  if (base === 'Number') {
    const number = Number(text);
    return text.trim() !== '' && Number.isFinite(number) ? fiveDecimals(number) : undefined;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The leaf values of a MessageBody payload by dotted path (§E.5 Scope [O]). Keys are joined with `.`, so a
 * literal `"a.b"` key and a nested `{"a":{"b":…}}` land on the same path, as AWS matched both; arrays are
 * walked through (any element can match, arrays of arrays of objects too [O]), and an empty array adds
 * nothing. Values found under one array are not kept together per element (unconfirmed; LocalStack's
 * AWS-validated cases pass either way). Undefined when the body is not a JSON object: it matches no policy.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function bodyValues(body: string): Map<string, unknown[]> | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObject(payload)) return undefined;
  const values = new Map<string, unknown[]>();
  const pending: unknown[] = [payload, ''];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const element of value) pending.push(element, path);
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) pending.push(value[key], path === '' ? key : `${path}.${key}`);
    } else {
      let found = values.get(path);
      if (!found) values.set(path, (found = []));
      found.push(typeof value === 'number' ? fiveDecimals(value) : value);
    }
  }
  return values;
}
