// CloudFormation templates: reading YAML/JSON with short-form tags and a source map, structural checks, and resolution of parameters, conditions and intrinsics.
export { loadTemplate, transformsOf, type LoadedTemplate, type TemplateDocument, type TemplateText } from './template-source.js';
export { checkTemplate } from './template-checks.js';
export {
  placeholderOf,
  placeholderValues,
  resolveTemplate,
  type ResolvedTemplate,
  type ResolveOptions,
  type TemplateOutput,
  type TemplateResource,
  type ValuesOf,
} from './resolve-template.js';
export { readTemplate } from './read-template.js';
export { NO_VALUE, resolveValue, type IntrinsicContext, type ResourceValues, type TemplateBlock } from './intrinsics.js';
export type { ParameterValue } from './parameters.js';
export { pseudoParameters, type PseudoParameters } from './pseudo-parameters.js';
export { childPointer, pointerOf, SourceMap } from './source-map.js';
export { TemplateError, type SourceLocation } from './template-error.js';
