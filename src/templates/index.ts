// Infrastructure templates Eddy runs as they are (issue 20): CloudFormation/SAM so far.
export * from './cloudformation/index.js';
