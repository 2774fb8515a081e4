/** The Lambda API's operations (lambda-service.ts): one chunk, imported on the API's first request. */
export { getFunction, getFunctionCodeSigningConfig, getFunctionConcurrency, getFunctionConfiguration, listFunctions } from '../lambda/operations/get-function.js';
export { invoke } from '../lambda/operations/invoke.js';
export { deleteFunctionEventInvokeConfig, getFunctionEventInvokeConfig, listFunctionEventInvokeConfigs, putFunctionEventInvokeConfig, updateFunctionEventInvokeConfig } from '../lambda/operations/event-invoke-configs.js';
export { createEventSourceMapping, deleteEventSourceMapping, getEventSourceMapping, listEventSourceMappings, updateEventSourceMapping } from '../lambda/operations/event-source-mappings.js';
export { createFunction, deleteFunction, updateFunctionCode, updateFunctionConfiguration } from '../lambda/operations/manage-functions.js';
export { createAlias, deleteAlias, getAlias, listAliases, listVersionsByFunction, publishVersion, updateAlias } from '../lambda/operations/versions-and-aliases.js';
export { listTags, tagResource, untagResource } from '../lambda/operations/function-tags.js';
export { addPermission, getPolicy, removePermission } from '../lambda/operations/function-policy.js';
