/** A key pair requests may be signed with (SigV4), as `auth.credentials` and `--auth-file` give them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}
