// What a CDK stack's template needs before it is read like any CloudFormation template: each function's
// code asset in place of the S3 object it is uploaded to, and values for the parameters CDK adds.
import { stat } from 'node:fs/promises';
import { dirname, extname, relative, resolve } from 'node:path';
import { pointerOf, type LoadedTemplate } from '../cloudformation/index.js';
import { isObject, type CdkStack, type FileAsset } from './cloud-assembly.js';

/**
 * The value given to CDK's `BootstrapVersion` parameter (an SSM parameter type whose Default names
 * `/cdk-bootstrap/<qualifier>/version`): Eddy reads no Parameter Store and deploys through no bootstrap
 * stack; any version from 6 on passes CDK's CheckBootstrapVersion rule (an Eddy choice).
 */
export const BOOTSTRAP_VERSION = '30';

/** The bucket legacy-synthesized stacks are given for their asset parameters (nothing is uploaded). */
export const LEGACY_ASSET_BUCKET = 'eddy-cdk-assets';

const SSM_PARAMETER = /^AWS::SSM::Parameter::Value<.+>$/;

/**
 * Replaces the `Code` of each AWS::Lambda::Function that is a CDK asset — named by the resource's
 * `aws:asset:path` metadata, or by its S3Key being an asset's object key (`<hash>.zip`, in a bucket like
 * `cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}`) — with the absolute path of the staged asset
 * directory (`cdk.out/asset.<hash>`), which is how a local function's code is given to the mapping.
 * Code that is no asset (a real S3 object, ZipFile, ImageUri) is left for the function mapping to judge.
 */
export async function useAssets(loaded: LoadedTemplate, stack: CdkStack): Promise<void> {
  const resources = isObject(loaded.document['Resources']) ? loaded.document['Resources'] : {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource['Type'] !== 'AWS::Lambda::Function' || !isObject(resource['Properties'])) continue;
    const properties = resource['Properties'];
    const code = properties['Code'];
    if (!isObject(code) || code['ZipFile'] !== undefined || code['ImageUri'] !== undefined) continue;
    const path = assetPath(resource['Metadata'], code, stack);
    if (path === undefined) continue;
    const pointer = pointerOf(['Resources', logicalId, 'Properties', 'Code']);
    const fail = (detail: string) => loaded.sourceMap.error(`Resource ${logicalId} (AWS::Lambda::Function): ${detail}`, pointer);
    const shown = relative(dirname(stack.templateFile), path) || path;
    const found = await stat(path).catch(() => undefined);
    if (!found) throw fail(`its code asset ${shown} is missing from ${dirname(stack.templateFile)} (run \`cdk synth\` again)`);
    if (!found.isDirectory()) {
      throw fail(`its code asset ${shown} is a file (a zip or jar), not a directory: Eddy runs a function's code from a directory, so give the function Code.fromAsset('<directory>')`);
    }
    properties['Code'] = path;
  }
}

function assetPath(metadata: unknown, code: Record<string, unknown>, stack: CdkStack): string | undefined {
  if (isObject(metadata) && typeof metadata['aws:asset:path'] === 'string' && (metadata['aws:asset:property'] ?? 'Code') === 'Code') {
    // Relative to the stack's assembly directory; absolute when the app disabled asset staging.
    return resolve(dirname(stack.templateFile), metadata['aws:asset:path']);
  }
  const key = code['S3Key'];
  if (typeof key !== 'string') return undefined;
  const assets = [...stack.assets.values()];
  const asset: FileAsset | undefined = assets.find((a) => a.objectKeys.includes(key)) ?? stack.assets.get(key.replace(/\.[^.]*$/, ''));
  return asset?.path;
}

/**
 * Parameter values for a stack: CDK's BootstrapVersion, a legacy-synthesized stack's asset parameters
 * (`AssetParameters<hash>S3Bucket…`, `…S3VersionKey…` as `<prefix>||<key>`, `…ArtifactHash…`), the
 * manifest's own, then the user's (`given`, which win). Only parameters the template declares.
 */
export function stackParameters(loaded: LoadedTemplate, stack: CdkStack, given: Readonly<Record<string, string>>): Record<string, string> {
  const declared = isObject(loaded.document['Parameters']) ? loaded.document['Parameters'] : {};
  const values: Record<string, string> = {};
  const set = (name: string | undefined, value: string) => {
    if (name !== undefined && Object.hasOwn(declared, name)) values[name] = value;
  };
  for (const [name, parameter] of Object.entries(declared)) {
    if (isObject(parameter) && SSM_PARAMETER.test(String(parameter['Type'])) && String(parameter['Default'] ?? '').startsWith('/cdk-bootstrap/')) {
      values[name] = BOOTSTRAP_VERSION;
    }
  }
  for (const asset of stack.legacyAssets) {
    set(asset.s3BucketParameter, LEGACY_ASSET_BUCKET);
    set(asset.s3KeyParameter, `||${asset.id}${asset.packaging === 'file' ? extname(asset.path) : '.zip'}`);
    set(asset.artifactHashParameter, asset.id);
  }
  for (const [name, value] of Object.entries(stack.parameters)) set(name, value);
  return { ...values, ...given };
}
