// The shape of a resource type's mapping into the config.
import type { TemplateResource } from '../cloudformation/index.js';
import type { MappingContext } from './mapping-context.js';

/** Adds what `resource` stands for to `ctx.config` (or fails with ctx.fail). */
export type ResourceMapper = (resource: TemplateResource, ctx: MappingContext) => void;

/** Reads a property as a string, or fails naming the property (undefined when absent and not required). */
export function stringProperty(resource: TemplateResource, ctx: MappingContext, key: string, required: true): string;
export function stringProperty(resource: TemplateResource, ctx: MappingContext, key: string, required?: false): string | undefined;
export function stringProperty(resource: TemplateResource, ctx: MappingContext, key: string, required = false): string | undefined {
  const value = resource.properties[key];
  if (value === undefined) return required ? ctx.fail(resource, [key], `${key} is required`) : undefined;
  if (typeof value !== 'string') return ctx.fail(resource, [key], `${key} must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** A number property (CloudFormation passes numbers as strings too), or undefined when absent. */
export function numberProperty(resource: TemplateResource, ctx: MappingContext, key: string, value: unknown = resource.properties[key], path: (string | number)[] = [key]): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return ctx.fail(resource, path, `${path.at(-1)} must be a number, got ${JSON.stringify(value)}`);
  return number;
}

/** A boolean property (`true` / `"true"`), or undefined when absent. */
export function booleanProperty(resource: TemplateResource, ctx: MappingContext, key: string, value: unknown = resource.properties[key], path: (string | number)[] = [key]): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return ctx.fail(resource, path, `${path.at(-1)} must be true or false, got ${JSON.stringify(value)}`);
}

/** A plain object property, or undefined when absent. */
export function objectProperty(resource: TemplateResource, ctx: MappingContext, key: string, value: unknown = resource.properties[key], path: (string | number)[] = [key]): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ctx.fail(resource, path, `${path.at(-1)} must be an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

/** A list property, or undefined when absent. */
export function listProperty(resource: TemplateResource, ctx: MappingContext, key: string, value: unknown = resource.properties[key], path: (string | number)[] = [key]): unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return ctx.fail(resource, path, `${path.at(-1)} must be a list, got ${JSON.stringify(value)}`);
  return value;
}
