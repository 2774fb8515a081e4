import { checkInput } from './check-input.js';
import { tableNameShape } from './common-shapes.js';
import { boolean, string, structure } from './shape.js';

export interface UpdateTimeToLiveInput {
  TableName: string;
  TimeToLiveSpecification: { Enabled: boolean; AttributeName: string };
}

export const updateTimeToLiveShape = structure('UpdateTimeToLiveInput', {
  TableName: tableNameShape(),
  TimeToLiveSpecification: structure(
    'TimeToLiveSpecification',
    {
      Enabled: boolean({ notNull: true }),
      AttributeName: string({ notNull: true, minLength: 1, maxLength: 255 }),
    },
    { notNull: true },
  ),
});

export function validateUpdateTimeToLive(input: unknown): UpdateTimeToLiveInput {
  return checkInput<UpdateTimeToLiveInput>(input, updateTimeToLiveShape);
}
