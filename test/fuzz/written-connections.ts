import { DescribeApiDestinationCommand, DescribeConnectionCommand, ListApiDestinationsCommand, ListConnectionsCommand } from '@aws-sdk/client-eventbridge';
import type { TestEddy } from '../helpers/eddy.js';
import type { StatePiece } from './written-state.js';

const show = (value: unknown): string => JSON.stringify(value ?? null);

/**
 * Every EventBridge connection (as listed, and described: secrets must never show, markers or not)
 * and every API destination.
 */
export async function connectionsAndDestinations(eddy: TestEddy): Promise<StatePiece[]> {
  const pieces: StatePiece[] = [];
  let token: string | undefined;
  do {
    const page = await eddy.events.send(new ListConnectionsCommand({ NextToken: token }));
    pieces.push({ where: 'ListConnections', text: show(page.Connections) });
    for (const { Name } of page.Connections ?? []) {
      pieces.push({ where: `DescribeConnection ${Name}`, text: show({ ...(await eddy.events.send(new DescribeConnectionCommand({ Name }))), $metadata: undefined }) });
    }
    token = page.NextToken;
  } while (token);
  do {
    const page = await eddy.events.send(new ListApiDestinationsCommand({ NextToken: token }));
    pieces.push({ where: 'ListApiDestinations', text: show(page.ApiDestinations) });
    for (const { Name } of page.ApiDestinations ?? []) {
      pieces.push({ where: `DescribeApiDestination ${Name}`, text: show({ ...(await eddy.events.send(new DescribeApiDestinationCommand({ Name }))), $metadata: undefined }) });
    }
    token = page.NextToken;
  } while (token);
  return pieces;
}
