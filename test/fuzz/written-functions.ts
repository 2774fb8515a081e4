import { GetFunctionCommand, GetPolicyCommand, LambdaClient, ListAliasesCommand, ListFunctionsCommand, ListTagsCommand } from '@aws-sdk/client-lambda';
import { testCredentials, type TestEddy } from '../helpers/eddy.js';
import type { StatePiece } from './written-state.js';

const show = (value: unknown): string => JSON.stringify(value ?? null);

/** Every function with its versions (as listed), and each one's configuration, tags, aliases and policy. */
export async function lambdaFunctions(eddy: TestEddy): Promise<StatePiece[]> {
  const lambda = new LambdaClient({ endpoint: eddy.endpoint, region: 'us-east-1', credentials: testCredentials, maxAttempts: 1 });
  const pieces: StatePiece[] = [];
  try {
    const arns = new Set<string>();
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', Marker: marker }));
      pieces.push({ where: 'ListFunctions', text: show(page.Functions) });
      for (const fn of page.Functions ?? []) if (fn.Version === '$LATEST') arns.add(fn.FunctionArn!);
      marker = page.NextMarker;
    } while (marker);
    for (const FunctionName of arns) {
      const { $metadata: _m, ...got } = await lambda.send(new GetFunctionCommand({ FunctionName }));
      pieces.push({ where: `GetFunction ${FunctionName}`, text: show(got) });
      pieces.push({ where: `ListTags ${FunctionName}`, text: show((await lambda.send(new ListTagsCommand({ Resource: FunctionName }))).Tags) });
      if (got.Code?.RepositoryType !== 'S3') continue; // a config function: no aliases, no policy
      const policy = await lambda.send(new GetPolicyCommand({ FunctionName })).catch((error) => {
        if (error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      });
      pieces.push({ where: `GetPolicy ${FunctionName}`, text: show(policy?.Policy) });
      let aliasMarker: string | undefined;
      do {
        const page = await lambda.send(new ListAliasesCommand({ FunctionName, Marker: aliasMarker }));
        pieces.push({ where: `ListAliases ${FunctionName}`, text: show(page.Aliases) });
        aliasMarker = page.NextMarker;
      } while (aliasMarker);
    }
  } finally {
    lambda.destroy();
  }
  return pieces;
}
