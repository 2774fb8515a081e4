import { ServiceError } from '../shared/service-error.js';

/**
 * A config Eddy cannot use: invalid fields, a file that cannot be loaded, or a difference from the
 * stored resources that cannot be applied. One error carries every problem found; its message lists
 * them one per line, each starting with the config file's path.
 */
export class ConfigError extends ServiceError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super('eddy#ConfigError', problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
