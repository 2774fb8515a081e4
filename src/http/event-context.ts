/** What every event shares and the request alone does not tell: the API's ids and host. */
export interface ApiIdentity {
  accountId: string;
  /** A made-up, stable API id (`domainPrefix`). */
  apiId: string;
  /** The Host the client used (`localhost:3000`). */
  domainName: string;
}
