import { ServiceError } from '../../shared/service-error.js';

/** Where a piece of a template came from: 1-based line and column in `file`. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A template Eddy cannot read or resolve. `detail` is CloudFormation's own message where it is known
 * (SEMANTICS.md H.2), `path` the JSON pointer of the offending node (`/Resources/Orders/Properties`),
 * and the message puts both behind `file:line:column` so an editor can jump to it:
 * `template.yaml:12:7: Template format error: Unresolved resource dependencies [X] in the Resources
 * block of the template (at /Resources/Fn/Properties/Role)`.
 */
export class TemplateError extends ServiceError {
  readonly detail: string;
  readonly path: string;
  readonly location: SourceLocation;

  constructor(detail: string, path: string, location: SourceLocation) {
    super('eddy#TemplateError', `${location.file}:${location.line}:${location.column}: ${detail}${path ? ` (at ${path})` : ''}`);
    this.name = 'TemplateError';
    this.detail = detail;
    this.path = path;
    this.location = location;
  }
}
