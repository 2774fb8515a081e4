// A synthesized CDK app (a cloud assembly, `cdk.out`): manifest.json's stack artifacts with their
// template files, parameters and file assets. Shapes as aws-cdk-lib's cloud-assembly-schema writes them:
// `aws:cloudformation:stack` (properties.templateFile, stackName, parameters; dependencies; metadata
// `aws:cdk:asset` of legacy-synthesized stacks), `cdk:asset-manifest` (properties.file → `<Stack>.assets.json`:
// files {hash: {source: {path, packaging}, destinations: {…: {objectKey}}}}), and `cdk:cloud-assembly`
// (a Stage's stacks in properties.directoryName, read the same way).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { childPointer, pointerOf, SourceMap, TemplateError } from '../cloudformation/index.js';

/** A file asset: a directory zipped at deployment (`zip`) or a file uploaded as it is (`file`). */
export interface FileAsset {
  /** Absolute path of the staged asset (`cdk.out/asset.<hash>`). */
  path: string;
  packaging: 'zip' | 'file';
  /** The S3 keys a template names it by (`<hash>.zip`). */
  objectKeys: string[];
}

/** A legacy-synthesized stack's asset: the template names it through these parameters. */
export interface LegacyAsset {
  id: string;
  path: string;
  packaging: string;
  s3BucketParameter: string | undefined;
  s3KeyParameter: string | undefined;
  artifactHashParameter: string | undefined;
}

export interface CdkStack {
  /** The artifact id, `<Stage dir>/<id>` inside a Stage's assembly. */
  key: string;
  /** What `cdk list` shows: `OrdersStack`, or `Prod/OrdersStack` inside a Stage. */
  displayName: string;
  /** AWS::StackName: properties.stackName, else the artifact id. */
  stackName: string;
  /** Absolute. */
  templateFile: string;
  /** `aws://account/region` as synthesized (`unknown-account`, `unknown-region` when environment-agnostic). */
  environment: string | undefined;
  /** Parameter values the manifest gives at deployment. */
  parameters: Record<string, string>;
  /** File assets by hash, from the asset manifests the stack depends on. */
  assets: Map<string, FileAsset>;
  legacyAssets: LegacyAsset[];
  /** Keys of the stacks it depends on. */
  dependsOn: string[];
  /** Where its artifact is in the manifest, for errors. */
  at: { map: SourceMap; pointer: string };
}

export interface CloudAssembly {
  /** The cdk.out directory, absolute. */
  dir: string;
  /** Stacks in manifest order (Stage assemblies' after the top level's). */
  stacks: CdkStack[];
  /** The manifests and asset manifests read. */
  files: string[];
}

type Json = Record<string, unknown>;

/** Reads `dir`/manifest.json (or that of a CDK project's output directory) and every asset manifest its stacks use. */
export async function readCloudAssembly(dir: string): Promise<CloudAssembly> {
  let root = resolve(dir);
  if (!existsSync(join(root, 'manifest.json'))) {
    // A CDK project's directory: its cdk.json may name another output directory (`"output"`).
    const output = await readFile(join(root, 'cdk.json'), 'utf8').then((text) => (JSON.parse(text) as Json)['output']).catch(() => undefined);
    const candidate = join(root, typeof output === 'string' ? output : 'cdk.out');
    if (existsSync(join(candidate, 'manifest.json'))) root = candidate;
  }
  const manifestFile = join(root, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new TemplateError(`No CDK cloud assembly at ${root}: manifest.json is missing (run \`cdk synth\` first, and name its output directory, cdk.out)`, '', { file: manifestFile, line: 1, column: 1 });
  }
  const assembly: CloudAssembly = { dir: root, stacks: [], files: [] };
  await readManifest(manifestFile, '', assembly);
  return assembly;
}

async function readManifest(file: string, prefix: string, assembly: CloudAssembly): Promise<void> {
  const dir = dirname(file);
  const { value: manifest, map } = await readJson(file, 'manifest');
  assembly.files.push(file);
  const artifacts = isObject(manifest['artifacts']) ? manifest['artifacts'] : {};
  const nested: string[] = [];
  for (const [id, artifact] of Object.entries(artifacts)) {
    if (!isObject(artifact)) continue;
    const pointer = pointerOf(['artifacts', id]);
    const properties = isObject(artifact['properties']) ? artifact['properties'] : {};
    if (artifact['type'] === 'cdk:cloud-assembly' && typeof properties['directoryName'] === 'string') nested.push(properties['directoryName']);
    if (artifact['type'] !== 'aws:cloudformation:stack') continue;
    if (typeof properties['templateFile'] !== 'string') {
      throw map.error(`Stack ${id}: properties.templateFile is missing from the manifest`, childPointer(pointer, 'properties'));
    }
    const templateFile = resolve(dir, properties['templateFile']);
    if (!existsSync(templateFile)) {
      throw map.error(`Stack ${id}: its template ${properties['templateFile']} is missing from ${dir} (run \`cdk synth\` again)`, pointerOf(['artifacts', id, 'properties', 'templateFile']));
    }
    const dependencies = (Array.isArray(artifact['dependencies']) ? artifact['dependencies'] : []).filter((d): d is string => typeof d === 'string');
    const assets = new Map<string, FileAsset>();
    for (const dependency of dependencies) {
      const used = artifacts[dependency];
      if (!isObject(used) || used['type'] !== 'cdk:asset-manifest') continue;
      const assetFile = isObject(used['properties']) ? used['properties']['file'] : undefined;
      if (typeof assetFile === 'string') await readAssetManifest(resolve(dir, assetFile), assets, assembly);
    }
    assembly.stacks.push({
      key: prefix + id,
      displayName: typeof artifact['displayName'] === 'string' ? artifact['displayName'] : prefix + id,
      stackName: typeof properties['stackName'] === 'string' ? properties['stackName'] : id,
      templateFile,
      environment: typeof artifact['environment'] === 'string' ? artifact['environment'] : undefined,
      parameters: stringRecord(properties['parameters']),
      assets,
      legacyAssets: legacyAssets(artifact['metadata'], dir),
      dependsOn: dependencies.filter((d) => isObject(artifacts[d]) && artifacts[d]['type'] === 'aws:cloudformation:stack').map((d) => prefix + d),
      at: { map, pointer },
    });
  }
  for (const directory of nested) {
    const file = join(dir, directory, 'manifest.json');
    if (existsSync(file)) await readManifest(file, `${prefix}${directory}/`, assembly);
  }
}

async function readAssetManifest(file: string, assets: Map<string, FileAsset>, assembly: CloudAssembly): Promise<void> {
  if (!existsSync(file)) return; // a stack whose assets were not staged: its functions say what is missing
  const { value } = await readJson(file, 'asset manifest');
  if (!assembly.files.includes(file)) assembly.files.push(file);
  const files = isObject(value['files']) ? value['files'] : {};
  for (const [hash, entry] of Object.entries(files)) {
    if (!isObject(entry) || !isObject(entry['source']) || typeof entry['source']['path'] !== 'string') continue;
    const destinations = isObject(entry['destinations']) ? Object.values(entry['destinations']) : [];
    assets.set(hash, {
      path: resolve(dirname(file), entry['source']['path']),
      packaging: entry['source']['packaging'] === 'file' ? 'file' : 'zip',
      objectKeys: destinations.flatMap((d) => (isObject(d) && typeof d['objectKey'] === 'string' ? [d['objectKey']] : [])),
    });
  }
}

/** The `aws:cdk:asset` entries of a stack artifact's metadata (`{"/Stack/Fn/Code": [{type, data}]}`). */
function legacyAssets(metadata: unknown, dir: string): LegacyAsset[] {
  if (!isObject(metadata)) return [];
  const found: LegacyAsset[] = [];
  for (const entries of Object.values(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (!isObject(entry) || entry['type'] !== 'aws:cdk:asset' || !isObject(entry['data'])) continue;
      const data = entry['data'];
      if (typeof data['path'] !== 'string' || typeof data['id'] !== 'string') continue;
      const text = (key: string) => (typeof data[key] === 'string' ? data[key] : undefined);
      found.push({
        id: data['id'],
        path: resolve(dir, data['path']),
        packaging: text('packaging') ?? 'zip',
        s3BucketParameter: text('s3BucketParameter'),
        s3KeyParameter: text('s3KeyParameter'),
        artifactHashParameter: text('artifactHashParameter'),
      });
    }
  }
  return found;
}

async function readJson(file: string, what: string): Promise<{ value: Json; map: SourceMap }> {
  const { parseJsonTemplate } = await import('../cloudformation/yaml-reader.js');
  let parsed;
  try {
    parsed = parseJsonTemplate(await readFile(file, 'utf8'), file);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    throw new TemplateError(`The CDK ${what} is not valid JSON: ${error.detail.replace(/^Template format error: /, '')}`, '', error.location);
  }
  if (!isObject(parsed.value)) throw parsed.sourceMap.error(`The CDK ${what} must be a JSON object`, '');
  return { value: parsed.value, map: parsed.sourceMap };
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
