import { checkRequest } from '../bus/validation/check-request.js';
import type { StructureShape } from '../bus/validation/shapes.js';
import { ServiceError } from '../shared/service-error.js';
import { pipesErrors, type FieldProblem } from './pipe-errors.js';

/** One violation as the shared checker words it: "Value 'x' at 'name' failed to satisfy constraint: …". */
const VIOLATION = /Value (?:null|'[\s\S]*?') at '([^']+)' failed to satisfy constraint: ([\s\S]*?)(?=; Value (?:null|')|$)/g;

/**
 * Reads a request as a Pipes input shape with the generic checker (SerializationException for a value
 * of the wrong kind; every constraint violation in one message), answering violations as Pipes'
 * ValidationException, each also in `fieldList` (name: the member's path, message: the constraint).
 */
export function checkPipeRequest<T>(input: Record<string, unknown>, shape: StructureShape): T {
  try {
    return checkRequest<T>(input, shape);
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'ValidationException') throw error;
    const fields: FieldProblem[] = [];
    for (const match of error.message.matchAll(VIOLATION)) fields.push({ name: match[1]!, message: match[2]! });
    throw pipesErrors.validation(error.message, fields);
  }
}
