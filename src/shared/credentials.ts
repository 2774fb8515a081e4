/** A key pair requests may be signed with (SigV4), as `auth.credentials` and `--auth-file` give them. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /**
   * Temporary credentials' session token: requests signed with this key must carry it
   * (X-Amz-Security-Token); a key without one is a long-term key, whose requests must carry none.
   */
  readonly sessionToken?: string;
}
