// `!Ref F.Alias` / `!Ref F.Version` → the alias / version AutoPublishAlias made, in the whole document, also inside
// Fn::Sub's `${F.Alias}` (SEMANTICS.md H.1 "Ids"; samtranslator's SupportedResourceReferences resolution).
import { isObject, type TransformContext } from './transform-context.js';
import type { TemplateDocument, TemplateValue } from './types.js';

export function rewriteAliasRefs(document: TemplateDocument, context: TransformContext): TemplateDocument {
  if (context.references.size === 0) return document;
  const references = context.references;
  const rewrite = (value: TemplateValue): TemplateValue => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string' && references.has(value.Ref)) {
      return { Ref: references.get(value.Ref)! };
    }
    if (keys.length === 1 && keys[0] === 'Fn::Sub') {
      const sub = value['Fn::Sub'];
      const text = (s: string) => s.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) =>
        references.has(name) ? `\${${references.get(name)}}` : whole);
      if (typeof sub === 'string') return { 'Fn::Sub': text(sub) };
      if (Array.isArray(sub) && typeof sub[0] === 'string') return { 'Fn::Sub': [text(sub[0]), ...sub.slice(1).map(rewrite)] };
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
  };
  return rewrite(document as TemplateValue) as TemplateDocument;
}
