// The SAM transform: AWS::Serverless-2016-10-31 templates expanded into plain CloudFormation, Globals merged.
export { hasSamTransform, SAM_TRANSFORM, transformSam } from './transform.js';
export { mergeGlobalValue } from './globals.js';
export { transformLoadedTemplate, type SamLoadedResult } from './loaded-template.js';
export { SamTemplateError } from './sam-template-error.js';
export type {
  NotEmulated, ResourceOrigin, SamRoute, SamTransformOptions, SamTransformResult, SourceLocation, SourceLocator,
  TemplateDocument, TemplateObject, TemplatePath, TemplateResource, TemplateValue,
} from './types.js';
