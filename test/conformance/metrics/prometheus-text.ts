/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a
 * HELP, a TYPE or a sample of the family its TYPE announced; label values are unescaped. Throws on
 * anything else, so a test that parses a scrape also checks its syntax.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly types: ReadonlyMap<string, string>;
  readonly help: ReadonlyMap<string, string>;
  readonly samples: readonly Sample[];
  /** The value of the one sample named `name` whose labels include `labels`; undefined when none, throws when several. */
  value(name: string, labels?: Readonly<Record<string, string>>): number | undefined;
  /** Every sample named `name` whose labels include `labels`. */
  all(name: string, labels?: Readonly<Record<string, string>>): Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/;

export function parseExposition(text: string): Exposition {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the text must end with a line feed');
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  const samples: Sample[] = [];
  let family: string | undefined;
  for (const line of text.split('\n').slice(0, -1)) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!new RegExp(`^${NAME}$`).test(name!)) throw new Error(`bad metric name in: ${line}`);
      if (kind === 'HELP') {
        if (help.has(name!)) throw new Error(`HELP twice for ${name}`);
        help.set(name!, rest!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c)));
        family = name;
      } else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest!)) throw new Error(`bad TYPE: ${line}`);
        if (types.has(name!)) throw new Error(`TYPE twice for ${name}`);
        if (samples.some((s) => belongs(s.name, name!, rest!))) throw new Error(`TYPE of ${name} after its samples`);
        types.set(name!, rest!);
        family = name;
      }
      continue;
    }
    if (line.startsWith('#') || line === '') throw new Error(`unexpected line: ${JSON.stringify(line)}`);
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a sample: ${line}`);
    const [, name, labelText = '', valueText] = match;
    const type = family === undefined ? undefined : types.get(family);
    if (family === undefined || type === undefined || !belongs(name!, family, type)) throw new Error(`sample ${name} outside its family (${family})`);
    const labels: Record<string, string> = {};
    let rest = labelText;
    while (rest !== '') {
      const label = LABEL.exec(rest);
      if (!label) throw new Error(`bad labels in: ${line}`);
      if (label[1]! in labels) throw new Error(`label ${label[1]} twice in: ${line}`);
      labels[label[1]!] = label[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(label[0].length);
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : valueText === 'NaN' ? NaN : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw new Error(`bad value in: ${line}`);
    samples.push({ name: name!, labels, value });
  }
  const includes = (sample: Sample, labels: Readonly<Record<string, string>>) => Object.entries(labels).every(([k, v]) => sample.labels[k] === v);
  const all = (name: string, labels: Readonly<Record<string, string>> = {}) => samples.filter((s) => s.name === name && includes(s, labels));
  return {
    types,
    help,
    samples,
    all,
    value(name, labels = {}) {
      const found = all(name, labels);
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
  };
}

function belongs(sample: string, family: string, type: string): boolean {
  if (sample === family) return type !== 'histogram';
  return type === 'histogram' && (sample === `${family}_bucket` || sample === `${family}_sum` || sample === `${family}_count`);
}
