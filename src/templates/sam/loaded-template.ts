// The SAM transform on a template read by the CloudFormation reader: its document transformed, its source map
// taught where each generated resource came from, so later errors (resolution, mapping) name the user's line.
import { dirname } from 'node:path';
import { pointerOf, type LoadedTemplate } from '../cloudformation/index.js';
import { transformSam } from './transform.js';
import type { NotEmulated, SamRoute, TemplateDocument } from './types.js';

export interface SamLoadedResult {
  /** The same template, its document plain CloudFormation (no SAM Transform) and its source map extended. */
  template: LoadedTemplate;
  routes: SamRoute[];
  notEmulated: NotEmulated[];
}

/** Runs the SAM transform between `loadTemplate` and `resolveTemplate`. */
export function transformLoadedTemplate(loaded: LoadedTemplate, parameters?: Record<string, string>): SamLoadedResult {
  const { sourceMap } = loaded;
  const result = transformSam(loaded.document as TemplateDocument, {
    templateDir: dirname(loaded.file),
    locate: (path) => sourceMap.get(pointerOf(path)),
    ...(parameters ? { parameters } : {}),
  });
  for (const [logicalId, origin] of result.origins) {
    const pointer = pointerOf(['Resources', logicalId]);
    if (origin.location && !sourceMap.get(pointer)) sourceMap.set(pointer, origin.location.line, origin.location.column);
  }
  const transforms = loaded.transforms.filter((name) => name !== 'AWS::Serverless-2016-10-31');
  return {
    template: { ...loaded, document: result.document as LoadedTemplate['document'], transforms },
    routes: result.routes,
    notEmulated: result.notEmulated,
  };
}
