/** PartiQL for DynamoDB: statements parsed (tokenizer, recursive descent) into the conditions, updates and reads the item operations already run. */
export { parseStatement } from './statement-parser.js';
export type { Statement } from './statement.js';
