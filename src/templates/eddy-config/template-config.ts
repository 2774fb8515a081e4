// A template's resources as an Eddy config (issue 20): each emulated resource type mapped by its own
// module, every other type listed as not emulated, Outputs resolved against what Eddy made.
import type { EddyConfig } from '../../config/config-types.js';
import { resolveTemplate, type LoadedTemplate, type PseudoParameters, type TemplateOutput } from '../cloudformation/index.js';
import type { NotEmulated, SamRoute } from '../sam/index.js';
import { mapRoutes } from './http-routes.js';
import { MappingContext } from './mapping-context.js';
import { RESOURCE_MAPPERS } from './resource-mappers.js';
import { templateValues, type TemplateDeployment } from './resource-values.js';

export interface TemplateConfigOptions {
  deployment: TemplateDeployment;
  /** `--parameter Key=Value` overrides. */
  parameters?: Readonly<Record<string, string>>;
  /** The stack name (default `eddy`) and other pseudo parameters. */
  pseudo?: Partial<PseudoParameters>;
  /** Where Code.ZipFile functions are written to run. */
  inlineCodeDir: string;
  /** Export name → value of stacks mapped before this one (a CDK app's), for Fn::ImportValue. */
  exports?: Readonly<Record<string, string>>;
}

/** What the SAM transform handed on beside the document. */
export interface SamExtras {
  routes: readonly SamRoute[];
  notEmulated: readonly NotEmulated[];
}

export interface TemplateConfig {
  /** The raw config (validated later like a config file's). */
  config: EddyConfig;
  /** Resources Eddy does not emulate, in template order. */
  notEmulated: { logicalId: string; type: string }[];
  notices: string[];
  outputs: TemplateOutput[];
  /** Some StreamArn was given before its table existed: resolve again once the config is applied. */
  provisional: boolean;
}

/** Resolves a loaded (SAM-transformed) template and maps its resources into a config. */
export function templateToConfig(loaded: LoadedTemplate, sam: SamExtras | undefined, options: TemplateConfigOptions): TemplateConfig {
  const values = templateValues(options.deployment);
  const resolved = resolveTemplate(loaded, {
    valuesOf: values.valuesOf,
    pseudo: { accountId: options.deployment.account, region: options.deployment.region, ...options.pseudo },
    ...(options.parameters ? { parameters: options.parameters } : {}),
    ...(options.exports ? { exports: options.exports } : {}),
  });
  const ctx = new MappingContext(resolved, { inlineCodeDir: options.inlineCodeDir, sourceMap: loaded.sourceMap });
  const notEmulated: { logicalId: string; type: string }[] = [];
  for (const resource of resolved.resources) {
    const mapper = Object.hasOwn(RESOURCE_MAPPERS, resource.type) ? RESOURCE_MAPPERS[resource.type] : undefined;
    if (mapper) mapper(resource, ctx);
    else notEmulated.push({ logicalId: resource.logicalId, type: resource.type });
  }
  for (const item of sam?.notEmulated ?? []) notEmulated.push({ logicalId: item.logicalId, type: item.type });
  mapRoutes(sam?.routes ?? [], ctx);
  ctx.runLater();
  return { config: compact(ctx.config), notEmulated, notices: ctx.notices, outputs: resolved.outputs, provisional: values.provisional };
}

/** The config without its empty sections. */
function compact(sections: MappingContext['config']): EddyConfig {
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sections)) {
    if (value !== undefined && (typeof value !== 'object' || Object.keys(value as object).length > 0)) config[key] = value;
  }
  return config as EddyConfig;
}
