import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkTemplate } from './template-checks.js';
import type { SourceMap } from './source-map.js';
import { TemplateError } from './template-error.js';

/** A template given as text (`file` names it in errors and anchors relative paths). */
export interface TemplateText {
  text: string;
  file: string;
}

/** A CloudFormation/SAM template as written: plain JSON values (long-form intrinsics), not yet resolved. */
export type TemplateDocument = Record<string, unknown>;

/** A template read and checked but not resolved: what a transform (SAM) works on. */
export interface LoadedTemplate {
  /** Absolute path of the template file (or the `file` given with the text). */
  file: string;
  document: TemplateDocument;
  sourceMap: SourceMap;
  /** The `Transform` section as a list (`AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions`, …). */
  transforms: string[];
}

/**
 * Reads a template file (or text): YAML with CloudFormation's short-form tags, or JSON (text starting
 * with `{`), then runs the structural checks of SEMANTICS.md H.2 "Template". Nothing is resolved.
 * The YAML parser is imported here, on first use, not at Eddy's start-up.
 */
export async function loadTemplate(source: string | TemplateText): Promise<LoadedTemplate> {
  const { text, file } = typeof source === 'string' ? await readTemplateFile(source) : source;
  const reader = await import('./yaml-reader.js');
  const json = /^\s*\{/.test(text);
  const { value, sourceMap } = json ? reader.parseJsonTemplate(text, file) : reader.parseYamlTemplate(text, file);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    // CloudFormation's text for a template that is not a mapping is unconfirmed.
    throw sourceMap.error('Template format error: the template must be a JSON object or a YAML mapping.', '');
  }
  const document = value as TemplateDocument;
  checkTemplate(document, sourceMap);
  return { file, document, sourceMap, transforms: transformsOf(document) };
}

async function readTemplateFile(path: string): Promise<TemplateText> {
  const file = resolve(path);
  try {
    return { text: await readFile(file, 'utf8'), file };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new TemplateError(`Cannot read the template: ${reason}`, '', { file, line: 1, column: 1 });
  }
}

/** `Transform: X` or `Transform: [X, Y]` as a list of names (macro objects `{Name: …}` by their Name). */
export function transformsOf(document: TemplateDocument): string[] {
  const transform = document['Transform'];
  if (transform === undefined || transform === null) return [];
  const list = Array.isArray(transform) ? transform : [transform];
  return list.map((t) => (typeof t === 'object' && t !== null && 'Name' in t ? String((t as { Name: unknown }).Name) : String(t)));
}
