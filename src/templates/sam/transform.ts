// The SAM transform: a loaded, unresolved template with `Transform: AWS::Serverless-2016-10-31` → a plain
// CloudFormation document, as samtranslator does before CloudFormation resolves intrinsics (SEMANTICS.md H.1).
import { addImplicitApis, expandApi } from './apis.js';
import { expandFunction } from './function.js';
import { parseGlobals } from './globals.js';
import { rewriteAliasRefs } from './alias-refs.js';
import { expandSimpleTable } from './simple-table.js';
import { isObject, TransformContext } from './transform-context.js';
import type { SamTransformOptions, SamTransformResult, TemplateDocument, TemplateResource, TemplateValue } from './types.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** True when the document names the SAM transform (alone or in a list). */
export function hasSamTransform(document: TemplateDocument): boolean {
  const transform = document.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

/**
 * Expands every AWS::Serverless::* resource Eddy runs, merges Globals, and drops the SAM Transform.
 * Other resources pass through untouched (the CloudFormation mapping decides about them); Serverless types
 * Eddy does not run (StateMachine, LayerVersion, Application, GraphQLApi, Connector, …) are kept as they are
 * and listed in `notEmulated`. Throws SamTemplateError for what SAM itself refuses.
 */
export function transformSam(document: TemplateDocument, options: SamTransformOptions): SamTransformResult {
  const input = (isObject(document.Resources) ? document.Resources : {}) as Record<string, TemplateResource>;
  const context = new TransformContext(options, input, document.Parameters as TemplateValue | undefined);
  const globals = parseGlobals(document.Globals, context);
  for (const [logicalId, resource] of Object.entries(input)) {
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      context.fail(`Template format error: [/Resources/${logicalId}] Every Resources object must contain a Type member.`, ['Resources', logicalId]);
    }
    switch (resource.Type) {
      case 'AWS::Serverless::Function':
        expandFunction(logicalId, resource, globals, context);
        break;
      case 'AWS::Serverless::SimpleTable':
        expandSimpleTable(logicalId, resource, globals, context);
        break;
      case 'AWS::Serverless::Api':
      case 'AWS::Serverless::HttpApi':
        expandApi(logicalId, resource, globals, context);
        break;
      default:
        if (resource.Type.startsWith('AWS::Serverless::')) {
          context.notEmulated.push({ logicalId, type: resource.Type, origin: context.origin(['Resources', logicalId]) });
        }
        if (logicalId in context.resources) {
          context.fail(`Resource with id [${logicalId}] collides with a resource the SAM transform generated.`, ['Resources', logicalId]);
        }
        context.resources[logicalId] = resource;
    }
  }
  addImplicitApis(globals, context);
  const { Globals: _globals, Transform: transform, Resources: _resources, ...rest } = document;
  const output: TemplateDocument = { ...rest };
  const remaining = withoutSam(transform);
  if (remaining !== undefined) output.Transform = remaining;
  output.Resources = context.resources;
  return { document: rewriteAliasRefs(output, context), origins: context.origins, routes: context.routes, notEmulated: context.notEmulated };
}

function withoutSam(transform: TemplateValue | undefined): TemplateValue | undefined {
  if (transform === SAM_TRANSFORM) return undefined;
  if (Array.isArray(transform)) {
    const others = transform.filter((name) => name !== SAM_TRANSFORM);
    return others.length === 0 ? undefined : others;
  }
  return transform;
}
