// CodeUri / InlineCode / ImageUri → AWS::Lambda::Function Code (SEMANTICS.md H.1 "Code"; samtranslator
// model/s3_utils/uri_parser.py and SamFunction._construct_code_dict).
import { isAbsolute, resolve } from 'node:path';
import { isIntrinsic, isObject, type TransformContext } from './transform-context.js';
import type { TemplateObject, TemplatePath, TemplateValue } from './types.js';

/**
 * The Code of the expanded function. A local CodeUri becomes an absolute path string — the form
 * `aws cloudformation package` accepts for AWS::Lambda::Function Code — for the later mapping to run in
 * place; s3:// and {Bucket, Key, Version} become S3 code, which Eddy refuses later with its own message.
 */
export function functionCode(properties: TemplateObject, path: TemplatePath, context: TransformContext): TemplateValue {
  const { CodeUri: codeUri, InlineCode: inline, ImageUri: imageUri } = properties;
  const packageType = properties.PackageType ?? 'Zip';
  if (packageType !== 'Zip' && packageType !== 'Image') {
    context.fail(resourceDetail(path, `invalid 'PackageType' : ${String(packageType)}`), [...path, 'Properties', 'PackageType']);
  }
  if (packageType === 'Image') {
    if (imageUri === undefined) context.fail(resourceDetail(path, "'ImageUri' must be set."), path);
    for (const forbidden of ['Runtime', 'Handler', 'Layers']) {
      if (properties[forbidden] !== undefined) {
        context.fail(resourceDetail(path, 'Runtime, Handler, Layers cannot be present when PackageType is of type `Image`'), [...path, forbidden]);
      }
    }
    return { ImageUri: imageUri! };
  }
  if (properties.Runtime === undefined || properties.Handler === undefined) {
    context.fail(resourceDetail(path, 'Runtime and Handler needs to be present when PackageType is of type `Zip`'), path);
  }
  if (imageUri !== undefined || properties.ImageConfig !== undefined) {
    context.fail(resourceDetail(path, 'ImageUri or ImageConfig cannot be present when PackageType is of type `Zip`'), path);
  }
  // SAM's _construct_code_dict: InlineCode wins over CodeUri (e.g. a Globals CodeUri), and neither set gets SAM's
  // own (odd) text "Only one of …" — not "Either … must be set", which its code cannot reach.
  if (inline !== undefined && inline !== null) return { ZipFile: inline };
  if (codeUri === undefined || codeUri === null) context.fail(resourceDetail(path, "Only one of 'InlineCode' or 'CodeUri' can be set."), path);
  if (typeof codeUri === 'string') {
    if (codeUri.startsWith('s3://')) return s3Code(codeUri);
    return isAbsolute(codeUri) ? codeUri : resolve(context.options.templateDir, codeUri);
  }
  if (isObject(codeUri) && !isIntrinsic(codeUri) && codeUri.Bucket !== undefined && codeUri.Key !== undefined) {
    const code: TemplateObject = { S3Bucket: codeUri.Bucket, S3Key: codeUri.Key };
    if (codeUri.Version !== undefined) code.S3ObjectVersion = codeUri.Version;
    return code;
  }
  return context.fail(resourceDetail(path, "'CodeUri' requires Bucket and Key properties to be specified."), [...path, 'CodeUri']);
}

/** `s3://bucket/key[?versionId=v]` → `{S3Bucket, S3Key, S3ObjectVersion?}` (uri_parser.parse_s3_uri). */
function s3Code(uri: string): TemplateObject {
  const url = new URL(uri);
  const code: TemplateObject = { S3Bucket: url.host, S3Key: decodeURIComponent(url.pathname.replace(/^\//, '')) };
  const version = url.searchParams.get('versionId');
  if (version) code.S3ObjectVersion = version;
  return code;
}

/** `Resource with id [F] is invalid. <detail>` for a path `Resources/F/...`. */
export function resourceDetail(path: TemplatePath, detail: string): string {
  return `Resource with id [${String(path[1])}] is invalid. ${detail}`;
}
