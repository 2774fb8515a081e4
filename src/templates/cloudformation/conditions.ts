// The Conditions section (SEMANTICS.md H.2 "Conditions"): Fn::Equals, Fn::Not, Fn::And, Fn::Or and
// {Condition: Name}, evaluated once each, on demand, with cycle detection. Inside, only parameters,
// pseudo parameters, mappings and the value functions may appear; a resource reference is an error.
import { intrinsicName, resolveValue, type IntrinsicContext } from './intrinsics.js';
import { childPointer, type SourceMap } from './source-map.js';
import { isObject } from './template-checks.js';

const EQUALS_MALFORMED = 'Template error: every Fn::Equals object requires a list of 2 string parameters.';

/** Evaluates named conditions of a template; `valueContext` resolves the values compared by Fn::Equals. */
export class ConditionEvaluator {
  readonly #definitions: Record<string, unknown>;
  readonly #map: SourceMap;
  readonly #values = new Map<string, boolean>();
  readonly #evaluating: string[] = [];
  #valueContext: IntrinsicContext | undefined;

  constructor(conditions: unknown, map: SourceMap) {
    this.#definitions = isObject(conditions) ? conditions : {};
    this.#map = map;
  }

  /** Set once the context exists (it in turn asks this evaluator for Fn::If). */
  useContext(ctx: IntrinsicContext): void {
    this.#valueContext = { ...ctx, block: 'Conditions' };
  }

  has(name: string): boolean {
    return Object.hasOwn(this.#definitions, name);
  }

  /** Every condition's value, in the order the template declares them. */
  all(): Record<string, boolean> {
    return Object.fromEntries(Object.keys(this.#definitions).map((name) => [name, this.value(name, childPointer('/Conditions', name))]));
  }

  /** The value of condition `name`; `pointer` is where it was asked for (an Fn::If, a Condition: key). */
  value(name: string, pointer: string, asker = 'Fn::If'): boolean {
    const known = this.#values.get(name);
    if (known !== undefined) return known;
    if (!this.has(name)) {
      throw this.#map.error(`Template error: unresolved condition dependency ${name} in ${asker}`, pointer);
    }
    if (this.#evaluating.includes(name)) {
      const cycle = [...this.#evaluating.slice(this.#evaluating.indexOf(name)), name];
      // [unconfirmed] CloudFormation's wording for a cycle among conditions.
      throw this.#map.error(`Template error: circular condition dependency between conditions: [${cycle.join(' → ')}]`, childPointer('/Conditions', name));
    }
    this.#evaluating.push(name);
    try {
      const result = this.#evaluate(this.#definitions[name], childPointer('/Conditions', name));
      this.#values.set(name, result);
      return result;
    } finally {
      this.#evaluating.pop();
    }
  }

  #evaluate(expression: unknown, pointer: string): boolean {
    const name = isObject(expression) && Object.keys(expression).length === 1 && Object.hasOwn(expression, 'Condition') ? 'Condition' : intrinsicName(expression);
    const argument = name === undefined ? undefined : (expression as Record<string, unknown>)[name];
    const at = name === undefined ? pointer : childPointer(pointer, name);
    switch (name) {
      case 'Condition':
        if (typeof argument !== 'string') throw this.#map.error('Template error: Condition must name a condition', at); // unconfirmed
        return this.value(argument, at, 'Condition');
      case 'Fn::Equals': {
        if (!Array.isArray(argument) || argument.length !== 2) throw this.#map.error(EQUALS_MALFORMED, at);
        const [a, b] = argument.map((item, i) => comparable(resolveValue(item, childPointer(at, i), this.#context())));
        if (a === undefined || b === undefined) throw this.#map.error(EQUALS_MALFORMED, at);
        return a === b;
      }
      case 'Fn::Not':
        if (!Array.isArray(argument) || argument.length !== 1) {
          throw this.#map.error('Template error: every Fn::Not object requires a list of 1 condition.', at); // unconfirmed
        }
        return !this.#evaluate(argument[0], childPointer(at, 0));
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(argument) || argument.length < 2 || argument.length > 10) {
          // [unconfirmed] wording; the 2–10 bound is H.2's.
          throw this.#map.error(`Template error: every ${name} object requires a list of at least 2 and at most 10 conditions.`, at);
        }
        const values = argument.map((item, i) => this.#evaluate(item, childPointer(at, i)));
        return name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      default:
        // [unconfirmed] wording for a condition that is not a condition function.
        throw this.#map.error('Template error: a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or {Condition: Name}', at);
    }
  }

  #context(): IntrinsicContext {
    if (!this.#valueContext) throw new Error('ConditionEvaluator used before useContext');
    return this.#valueContext;
  }
}

/** Fn::Equals compares text ("2 string parameters" [O]): numbers and booleans as their text; lists are refused. */
function comparable(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
