// YAML (and JSON) text → plain JSON values with CloudFormation's short-form tags expanded, plus a
// source map. Loaded by template-source.ts through a dynamic import, so Eddy's start-up never loads
// the `yaml` package unless a template is read.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { childPointer, SourceMap } from './source-map.js';
import { TemplateError } from './template-error.js';

/** The short-form tags of SEMANTICS.md H.2 "YAML tags" and the long form each stands for. */
const TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'FindInMap', 'ImportValue', 'GetAZs', 'Base64', 'Cidr', 'Transform']
      .map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

// YAML 1.1 (SnakeYAML/PyYAML, what CloudFormation and cfn-lint read) makes Yes/No/On/Off booleans
// (SEMANTICS.md H.2: "Quote Yes/No"), but neither library counts the single letters y/n as booleans,
// which the `yaml` package's 1.1 schema does: they stay strings here. Octal 0777 and sexagesimal 1:20
// follow the 1.1 schema as well (unconfirmed against CloudFormation itself).
const SINGLE_LETTER = /^[yYnN]$/;
const NAN = /^[-+]?\.(?:nan|NaN|NAN)$/;

export interface ParsedText {
  value: unknown;
  sourceMap: SourceMap;
}

/** Parses a YAML template. Bad YAML → `Template format error: YAML not well-formed.` at the parser's line. */
export function parseYamlTemplate(text: string, file: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'yaml-1.1', lineCounter, prettyErrors: false, keepSourceTokens: false });
  const sourceMap = new SourceMap(file);
  const [first] = doc.errors;
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const detail = first.message.split('\n')[0] ?? first.message;
    throw new TemplateError(`Template format error: YAML not well-formed. ${detail}`, '', { file, line: pos.line, column: pos.col });
  }
  const walker = new Walker(doc, lineCounter, sourceMap);
  return { value: walker.toJson(doc.contents as Node | null, ''), sourceMap };
}

/**
 * Parses a JSON template with JSON.parse (so the values are exactly JSON's) and takes the locations
 * from the same text read as YAML (JSON is YAML's flow style); if that read fails, errors name line 1.
 */
export function parseJsonTemplate(text: string, file: string): ParsedText {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    // Node 20's JSON.parse names a position for some faults only; else the YAML parser's JSON reading finds it.
    const { line, column } = at ? lineAndColumn(text, Number(at[1])) : jsonFaultPosition(text);
    throw new TemplateError(`Template format error: JSON not well-formed. (line ${line}, column ${column})`, '', { file, line, column });
  }
  const sourceMap = new SourceMap(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'core', lineCounter, uniqueKeys: false });
  if (doc.errors.length === 0) new Walker(doc, lineCounter, sourceMap).toJson(doc.contents as Node | null, '');
  return { value, sourceMap };
}

function jsonFaultPosition(text: string): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const [first] = parseDocument(text, { schema: 'json', lineCounter }).errors;
  if (!first) return { line: 1, column: 1 };
  const pos = lineCounter.linePos(first.pos[0]);
  return { line: pos.line, column: pos.col };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

class Walker {
  readonly #doc: Document;
  readonly #lines: LineCounter;
  readonly #map: SourceMap;

  constructor(doc: Document, lines: LineCounter, map: SourceMap) {
    this.#doc = doc;
    this.#lines = lines;
    this.#map = map;
  }

  toJson(node: Node | null | undefined, pointer: string, depth = 0): unknown {
    if (node == null) return null;
    if (depth > 200) throw this.#map.error('Template format error: YAML not well-formed. Nesting too deep (or a recursive alias).', pointer);
    this.#record(node, pointer);
    if (isAlias(node)) return this.toJson(node.resolve(this.#doc) as Node | undefined, pointer, depth + 1);
    const tag = node.tag;
    if (tag && tag.startsWith('!') && !tag.startsWith('!!')) {
      const name = TAGS[tag];
      if (!name) throw this.#map.error(`Template format error: YAML not well-formed. Unsupported tag ${tag}`, pointer);
      const inner = childPointer(pointer, name);
      this.#record(node, inner);
      let value = this.#plain(node, inner, depth);
      // `!GetAtt Orders.StreamArn` → ["Orders", "StreamArn"]; `A.B.C` → ["A", "B.C"] (H.2, unconfirmed).
      if (name === 'Fn::GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        value = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
      }
      return { [name]: value };
    }
    return this.#plain(node, pointer, depth);
  }

  #plain(node: Node, pointer: string, depth: number): unknown {
    if (isScalar(node)) {
      if (typeof node.value === 'boolean' && typeof node.source === 'string' && SINGLE_LETTER.test(node.source)) return node.source;
      // The `yaml` package's 1.1 float reads a lone `.` as NaN; PyYAML's needs a digit (or `.nan`): `CodeUri: .` is text.
      if (typeof node.value === 'number' && Number.isNaN(node.value) && typeof node.source === 'string' && !NAN.test(node.source)) return node.source;
      if (node.tag && !node.tag.startsWith('tag:yaml.org')) return node.value == null ? '' : String(node.value);
      return node.value instanceof Date ? node.source : node.value ?? null;
    }
    if (isSeq(node)) return node.items.map((item, i) => this.toJson(item as Node, childPointer(pointer, i), depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        // Keys are names: `Yes:` or `0777:` stay as written rather than become true or 511.
        const key = !isScalar(keyNode) ? null : typeof keyNode.value === 'string' ? keyNode.value : (keyNode.source ?? String(keyNode.value));
        if (key === null) throw this.#map.error('Template format error: YAML not well-formed. A mapping key must be a scalar.', pointer);
        if (key === '<<' && isScalar(keyNode) && keyNode.source === '<<') {
          this.#merge(out, pair.value as Node, pointer, depth);
          continue;
        }
        // A key's path is located at the key (`StreamSpecification:`), not at its value a line below.
        this.#record(keyNode as Node, childPointer(pointer, key));
        const value = this.toJson(pair.value as Node | null, childPointer(pointer, key), depth + 1);
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return null;
  }

  /** YAML 1.1 merge keys (`<<: *defaults`): keys already present win (whether CloudFormation takes them is unconfirmed). */
  #merge(out: Record<string, unknown>, node: Node, pointer: string, depth: number): void {
    const sources = isSeq(node) ? (node.items as Node[]) : [node];
    for (const source of sources) {
      const value = this.toJson(source, pointer, depth + 1);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw this.#map.error('Template format error: YAML not well-formed. Merge keys (<<) take mappings.', pointer);
      }
      for (const [key, item] of Object.entries(value)) {
        if (!Object.hasOwn(out, key)) Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      }
    }
  }

  #record(node: Node, pointer: string): void {
    const offset = node.range?.[0];
    if (offset === undefined || this.#map.get(pointer)) return;
    const pos = this.#lines.linePos(offset);
    this.#map.set(pointer, pos.line, pos.col);
  }
}
