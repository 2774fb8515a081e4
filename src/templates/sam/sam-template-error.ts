import { ServiceError } from '../../shared/service-error.js';
import { pointerOf } from '../cloudformation/source-map.js';
import type { SourceLocation, TemplatePath } from './types.js';

/**
 * A template the SAM transform refuses. Same type and message shape as the CloudFormation reader's
 * TemplateError (`file:line:column: detail (at /pointer)`). `detail` is SAM's own text where it is known
 * (samtranslator's InvalidResourceException / InvalidEventException wording:
 * `Resource with id [F] is invalid. Event with id [E] is invalid. …`).
 */
export class SamTemplateError extends ServiceError {
  readonly detail: string;
  /** JSON pointer of the offending node. */
  readonly path: string;
  readonly location: SourceLocation | undefined;

  constructor(detail: string, path: TemplatePath, location: SourceLocation | undefined) {
    const pointer = pointerOf(path);
    const where = location ? `${location.file}:${location.line}:${location.column}: ` : '';
    super('eddy#TemplateError', `${where}${detail} (at ${pointer})`);
    this.name = 'SamTemplateError';
    this.detail = detail;
    this.path = pointer;
    this.location = location;
  }
}
