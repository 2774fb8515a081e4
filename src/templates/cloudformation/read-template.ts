import { resolveTemplate, type ResolvedTemplate, type ResolveOptions } from './resolve-template.js';
import { loadTemplate, type TemplateText } from './template-source.js';

/**
 * Reads, checks and resolves a CloudFormation template in one step: `loadTemplate` then
 * `resolveTemplate`. A template with a SAM transform should go through the transform between the two.
 */
export async function readTemplate(source: string | TemplateText, options: ResolveOptions = {}): Promise<ResolvedTemplate> {
  return resolveTemplate(await loadTemplate(source), options);
}
