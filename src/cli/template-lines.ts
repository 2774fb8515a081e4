// The ready message's lines for a template: its Outputs, what it left out, and the notices of its mapping.
import type { TemplateSummary } from '../config/index.js';

export const TEMPLATE_LABELS: Readonly<Record<TemplateSummary['kind'], string>> = {
  sam: 'SAM:    ',
  cloudformation: 'template:',
  serverless: 'serverless:',
  cdk: 'CDK:    ',
};

export function templateLines(template: TemplateSummary): string {
  let text = '';
  if (template.outputs.length > 0) {
    text += '  outputs:\n';
    for (const output of template.outputs) text += `    ${output.name} = ${output.value}\n`;
  }
  if (template.notEmulated.length > 0) {
    const byType = new Map<string, string[]>();
    for (const { logicalId, type } of template.notEmulated) byType.set(type, [...(byType.get(type) ?? []), logicalId]);
    text += `  not emulated (skipped; references to them get placeholder ARNs):\n`;
    for (const [type, ids] of byType) text += `    ${type}: ${ids.join(', ')}\n`;
  }
  for (const notice of template.notices) text += `  note:    ${notice}\n`;
  return text;
}
