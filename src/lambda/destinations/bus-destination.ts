import type { BusContext } from '../../bus/bus-context.js';
import { EntryRefusedError, putOnBus } from '../../bus/routing/put-on-bus.js';
import { DestinationRefusedError, type DestinationEvent } from './send-record.js';

/** A Lambda destination's event, put on its bus as PutEvents would put it; an entry PutEvents would refuse is a refused record. */
export async function sendToBus(bus: BusContext, busArn: string, event: DestinationEvent): Promise<void> {
  try {
    await putOnBus(bus, { bus: busArn, source: event.source, detailType: event.detailType, detail: event.detail, resources: [...event.resources] });
  } catch (error) {
    if (error instanceof EntryRefusedError) throw new DestinationRefusedError(`PutEvents refused the event: ${error.errorCode} ${error.errorMessage}`);
    throw error;
  }
}
