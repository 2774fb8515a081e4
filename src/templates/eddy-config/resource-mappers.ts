// Which module maps which resource type. A type not listed here is "not emulated" (listed once at start).
import type { ResourceMapper } from './resource-mapper.js';
import { mapArchive, mapBus, mapRule } from './buses.js';
import { mapApiDestination, mapConnection } from './connections.js';
import { mapPipe } from './pipes.js';
import { mapSchedule, mapScheduleGroup } from './schedules.js';
import { mapEventSourceMapping } from './event-source-mappings.js';
import { mapDeadLetterConfig, mapEventInvokeConfig } from './event-invoke-configs.js';
import { mapFunction, mapQuietly } from './functions.js';
import { mapHttpApi, mapRestApi } from './http-routes.js';
import { mapHttpRoute, mapHttpStage, mapRestMethod, mapRestStage } from './api-gateway-routes.js';
import { mapQueue } from './queues.js';
import { mapTable } from './tables.js';
import { mapSubscription, mapTopic } from './topics.js';

export const RESOURCE_MAPPERS: Readonly<Record<string, ResourceMapper>> = {
  'AWS::DynamoDB::Table': mapTable,
  'AWS::DynamoDB::GlobalTable': mapTable,
  'AWS::SQS::Queue': mapQueue,
  'AWS::SNS::Topic': mapTopic,
  'AWS::SNS::Subscription': mapSubscription,
  'AWS::ApiGateway::RestApi': mapRestApi,
  'AWS::ApiGatewayV2::Api': mapHttpApi,
  'AWS::ApiGatewayV2::Route': mapHttpRoute,
  'AWS::ApiGatewayV2::Integration': mapQuietly, // read by the routes that target it
  'AWS::ApiGatewayV2::Stage': mapHttpStage,
  'AWS::ApiGatewayV2::Deployment': mapQuietly,
  'AWS::ApiGateway::Resource': mapQuietly, // read by the methods under it
  'AWS::ApiGateway::Method': mapRestMethod,
  'AWS::ApiGateway::Deployment': mapRestStage,
  'AWS::ApiGateway::Stage': mapRestStage,
  'AWS::Lambda::Function': (resource, ctx) => {
    mapFunction(resource, ctx);
    mapDeadLetterConfig(resource, ctx);
  },
  'AWS::Lambda::Version': mapQuietly,
  'AWS::Lambda::Alias': mapQuietly,
  'AWS::Lambda::Permission': mapQuietly,
  'AWS::Lambda::EventSourceMapping': mapEventSourceMapping,
  'AWS::Lambda::EventInvokeConfig': mapEventInvokeConfig,
  'AWS::Events::EventBus': mapBus,
  'AWS::Events::Rule': mapRule,
  'AWS::Events::Archive': mapArchive,
  'AWS::Events::Connection': mapConnection,
  'AWS::Events::ApiDestination': mapApiDestination,
  'AWS::Pipes::Pipe': mapPipe,
  'AWS::Scheduler::Schedule': mapSchedule,
  'AWS::Scheduler::ScheduleGroup': mapScheduleGroup,
};
