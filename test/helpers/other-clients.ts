import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The AWS CLI and boto3 against a test Eddy. `run` is the async execFile: the Eddy they call answers
 * from the test's own process, so a synchronous spawn would wait on itself.
 */
export const run = promisify(execFile);

/** Fixed credentials and region, no instance metadata lookups, no pager. */
export const env = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
};

// .ci/run installs Debian's awscli and python3-boto3; a developer machine without them skips, saying why.
const hasAwsCli = spawnSync('aws', ['--version'], { env }).status === 0;
const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { env }).status === 0;

/** The `skip` option of a test that needs the AWS CLI. */
export const needsAwsCli: false | string = hasAwsCli ? false : 'awscli is not installed (apt-get install awscli)';
/** The `skip` option of a test that needs boto3. */
export const needsBoto3: false | string = hasBoto3 ? false : 'python3-boto3 is not installed (apt-get install python3-boto3)';
