// Shapes shared by the SAM transform: the template document it reads and the CloudFormation document it writes.

/** A JSON value as the template loader produces it (long-form intrinsics such as `{ "Ref": "X" }`). */
export type TemplateValue = string | number | boolean | null | TemplateValue[] | { [key: string]: TemplateValue };
export type TemplateObject = { [key: string]: TemplateValue };

/** A path into the template document, e.g. `['Resources', 'OrdersFn', 'Properties', 'Events', 'New']`. */
export type TemplatePath = readonly (string | number)[];

/** Where a value sits in the user's file (line and column 1-based). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * Finds the source location of a path in the loaded template (the loader's source map). Returns
 * undefined for a path it does not know; callers then try the nearest known parent. Over the CloudFormation
 * reader's SourceMap: `(path) => sourceMap.get(pointerOf(path))` (see loaded-template.ts).
 */
export type SourceLocator = (path: TemplatePath) => SourceLocation | undefined;

/** A resource of a CloudFormation document. */
export interface TemplateResource {
  Type: string;
  Properties?: TemplateObject;
  Condition?: string;
  DependsOn?: string | string[];
  Metadata?: TemplateObject;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: TemplateValue | undefined;
}

export interface TemplateDocument {
  Transform?: TemplateValue;
  Globals?: TemplateValue;
  Resources?: Record<string, TemplateResource>;
  [key: string]: TemplateValue | undefined | Record<string, TemplateResource>;
}

/** What produced a resource of the output: the template path of the SAM resource, property or event. */
export interface ResourceOrigin {
  path: TemplatePath;
  location?: SourceLocation;
}

/** An API route declared by an `Api` or `HttpApi` event, for the application port to serve. */
export interface SamRoute {
  /** Logical id of the API: `ServerlessRestApi`, `ServerlessHttpApi`, or an explicit API's id. */
  api: string;
  kind: 'rest' | 'http';
  /** Upper-cased method; `ANY` for any. */
  method: string;
  /** Path as written (`/orders/{id}`, `{proxy+}`), or `$default` for an HttpApi catch-all. */
  path: string;
  /** Logical id of the function (the AWS::Lambda::Function of the output). */
  function: string;
  /** Alias name when the function has AutoPublishAlias (events then target the alias). */
  alias?: string;
  /** `1.0` for Api; HttpApi's `PayloadFormatVersion`, default `2.0`. */
  payloadFormatVersion: string;
  /** Stage name (`Prod` for the implicit REST API, `$default` for HTTP APIs, unless set). */
  stage: TemplateValue;
  origin: ResourceOrigin;
}

/** A SAM resource kept as it is because Eddy does not emulate it. */
export interface NotEmulated {
  logicalId: string;
  type: string;
  origin: ResourceOrigin;
}

export interface SamTransformResult {
  /** The CloudFormation document: no SAM Transform, no Globals, no AWS::Serverless::* except those in notEmulated. */
  document: TemplateDocument;
  /** For each resource of the output that the transform made or rewrote, what produced it. */
  origins: Map<string, ResourceOrigin>;
  routes: SamRoute[];
  notEmulated: NotEmulated[];
}

export interface SamTransformOptions {
  /** Directory of the template file: local CodeUri paths are resolved against it. */
  templateDir: string;
  /** The loader's source map; without it errors and origins carry no location. */
  locate?: SourceLocator;
  /** Parameter overrides for the few places SAM needs a value before resolution (AutoPublishAlias); else the Default. */
  parameters?: Record<string, string>;
}
