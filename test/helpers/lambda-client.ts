import { LambdaClient } from '@aws-sdk/client-lambda';
import { testCredentials } from './eddy.js';

// Beside eddy.ts rather than in it: only the files that call the Lambda API load its client.

/** A Lambda client on `endpoint` (an Eddy's), no retries so errors surface as thrown. */
export function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({ endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
}
