/** EventBridge Scheduler's operations (scheduler-service.ts): one chunk, imported on the API's first request. */
export { createScheduleGroup, deleteScheduleGroup, getScheduleGroup, listScheduleGroups, listTagsForResource, tagResource, untagResource } from '../scheduler/operations/groups.js';
export { deleteSchedule, getSchedule, listSchedules, writeSchedule } from '../scheduler/operations/schedules.js';
