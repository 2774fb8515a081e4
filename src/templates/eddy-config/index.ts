// A resolved template's resources as an Eddy config: names and ARNs of what Eddy makes, one mapping per resource type.
export { loadedTemplateConfig, readTemplateConfig } from './read-template-config.js';
export { templateToConfig, type SamExtras, type TemplateConfig, type TemplateConfigOptions } from './template-config.js';
export { physicalName, PROVISIONAL_STREAM_LABEL, templateValues, type TemplateDeployment } from './resource-values.js';
