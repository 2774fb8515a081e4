// A CloudFormation or SAM template file to a config in one step: read, SAM transform when declared, resolve, map.
import { loadTemplate, type LoadedTemplate, type TemplateText } from '../cloudformation/index.js';
import { hasSamTransform, transformLoadedTemplate } from '../sam/index.js';
import { templateToConfig, type TemplateConfig, type TemplateConfigOptions } from './template-config.js';

/** Maps an already loaded template (a serverless.yml or CDK stack turned into one, too). */
export function loadedTemplateConfig(loaded: LoadedTemplate, options: TemplateConfigOptions): TemplateConfig & { kind: 'sam' | 'cloudformation' } {
  if (!hasSamTransform(loaded.document as Parameters<typeof hasSamTransform>[0])) return { ...templateToConfig(loaded, undefined, options), kind: 'cloudformation' };
  const sam = transformLoadedTemplate(loaded, options.parameters ? { ...options.parameters } : undefined);
  return { ...templateToConfig(sam.template, sam, options), kind: 'sam' };
}

export async function readTemplateConfig(source: string | TemplateText, options: TemplateConfigOptions): Promise<TemplateConfig & { kind: 'sam' | 'cloudformation'; template: LoadedTemplate }> {
  const template = await loadTemplate(source);
  return { ...loadedTemplateConfig(template, options), template };
}
