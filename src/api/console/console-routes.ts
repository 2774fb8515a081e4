import type { AdminRoute } from '../admin-api.js';
import { dynamodbOperations } from '../dynamodb-operations.js';
import { RawJson } from '../../shared/raw-json.js';
import { ServiceError } from '../../shared/service-error.js';
import { overview, type OverviewSources } from './console-overview.js';

/**
 * The admin routes the console reads and acts through (beside the ones `eddy` commands use):
 * `GET /_eddy/overview`, and `POST /_eddy/dynamodb/{Operation}` running a DynamoDB operation in process —
 * the handler the wire runs, so its answers and typed errors are DynamoDB's, without signing from a browser.
 */
export function consoleRoutes(sources: OverviewSources): Record<string, AdminRoute> {
  const routes: Record<string, AdminRoute> = { 'GET /_eddy/overview': () => overview(sources) };
  for (const name of Object.keys(dynamodbOperations)) {
    routes[`POST /_eddy/dynamodb/${name}`] = async (input) => {
      const operation = sources.services().find((service) => service.targetPrefix === 'DynamoDB_20120810')?.operations.get(name);
      if (operation === undefined) throw new Error(`DynamoDB ${name} is not served`);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ServiceError('SerializationException', 'The body must be a JSON object');
      const answer = await operation(input as Record<string, unknown>);
      return answer instanceof RawJson ? JSON.parse(answer.text) : answer; // GetItem, Query, Scan splice stored item text
    };
  }
  return routes;
}
