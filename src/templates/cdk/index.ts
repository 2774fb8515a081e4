// A synthesized CDK app (cdk.out) run as it is: manifest.json's stacks, their templates and function code assets, as one config.
export { readCdkConfig, type CdkConfig, type CdkConfigOptions } from './read-cdk-config.js';
export { readCloudAssembly, type CdkStack, type CloudAssembly, type FileAsset } from './cloud-assembly.js';
export { BOOTSTRAP_VERSION } from './stack-assets.js';
