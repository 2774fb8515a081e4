import { LABEL_NAME, METRIC_NAME, escapeHelp, formatValue, labelText } from './exposition.js';

/** One metric family as the registry renders it: HELP, TYPE and its samples. */
export interface MetricFamily {
  readonly name: string;
  render(lines: string[]): void;
}

/**
 * A family's children by label values. Callers on hot paths keep the child they got (a request's
 * operation, a function's name) instead of asking again, so counting builds no label strings: a child's
 * label text is made once, when it is created.
 */
abstract class Family<C extends { readonly labels: string }> implements MetricFamily {
  readonly #children = new Map<string, C>();
  abstract readonly type: 'counter' | 'gauge' | 'histogram';

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const label of labelNames) if (!LABEL_NAME.test(label) || label.startsWith('__') || label === 'le') throw new Error(`invalid label name ${label} of ${name}`);
  }

  /** The child for these label values (in labelNames' order), created on first use. */
  labels(...values: string[]): C {
    if (values.length !== this.labelNames.length) throw new Error(`${this.name} takes ${this.labelNames.length} label values, not ${values.length}`);
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let child = this.#children.get(key);
    if (!child) this.#children.set(key, (child = this.create(labelText(this.labelNames, values))));
    return child;
  }

  /** Forgets every child (gauges read afresh at each scrape). */
  clear(): void {
    this.#children.clear();
  }

  protected abstract create(labels: string): C;
  protected abstract sample(child: C, lines: string[]): void;

  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const child of this.#children.values()) this.sample(child, lines);
  }
}

export class Counter {
  value = 0;
  constructor(readonly labels: string) {}

  inc(by = 1): void {
    this.value += by;
  }

  /** For a counter collected at scrape time from a source that keeps its own total (the SQLite checkpointer): that total. */
  observe(total: number): void {
    this.value = total;
  }
}

/** A counter family; its name ends in `_total`, as the format's conventions ask. */
export class CounterFamily extends Family<Counter> {
  readonly type = 'counter';

  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames);
    if (!name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`);
  }

  protected create(labels: string): Counter {
    return new Counter(labels);
  }

  protected sample(child: Counter, lines: string[]): void {
    lines.push(`${this.name}${child.labels} ${formatValue(child.value)}`);
  }
}

export class Gauge {
  value = 0;
  constructor(readonly labels: string) {}

  set(value: number): void {
    this.value = value;
  }
}

export class GaugeFamily extends Family<Gauge> {
  readonly type = 'gauge';

  protected create(labels: string): Gauge {
    return new Gauge(labels);
  }

  protected sample(child: Gauge, lines: string[]): void {
    lines.push(`${this.name}${child.labels} ${formatValue(child.value)}`);
  }
}

export class Histogram {
  /** Per bucket, observations in it and not in the one before (the last: above every bound); rendered cumulative. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: string,
    readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

/** A histogram family: `_bucket{le=…}` cumulative up to `+Inf`, `_sum`, `_count`. */
export class HistogramFamily extends Family<Histogram> {
  readonly type = 'histogram';
  readonly bounds: readonly number[];
  readonly #le: readonly string[];

  constructor(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]) {
    super(name, help, labelNames);
    if (bounds.length === 0 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))) throw new Error(`${name}: bucket bounds must be finite and increasing`);
    this.bounds = bounds;
    this.#le = [...bounds.map(formatValue), '+Inf'];
  }

  protected create(labels: string): Histogram {
    return new Histogram(labels, this.bounds);
  }

  protected sample(child: Histogram, lines: string[]): void {
    // The le label goes after the family's own: `{a="x",le="0.5"}`, or `{le="0.5"}` without any.
    const open = child.labels === '' ? '{' : `${child.labels.slice(0, -1)},`;
    let cumulative = 0;
    for (let i = 0; i < this.#le.length; i++) {
      cumulative += child.counts[i]!;
      lines.push(`${this.name}_bucket${open}le="${this.#le[i]}"} ${formatValue(cumulative)}`);
    }
    lines.push(`${this.name}_sum${child.labels} ${formatValue(child.sum)}`, `${this.name}_count${child.labels} ${formatValue(child.count)}`);
  }
}
