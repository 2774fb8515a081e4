// The admin API, the console's only way in: JSON routes under /_eddy and Server-Sent Events feeds.

/** An answer other than 2xx: the admin API's typed error (`type`, `message`). */
export class ApiError extends Error {
  constructor(status, type, message) {
    super(message || type || `HTTP ${status}`);
    this.status = status;
    this.type = type || `HTTP ${status}`;
  }
}

const listeners = new Set();
let online = true;
const signedOut = new Set();

/** Calls `listener()` when Eddy asks for a signature: it verifies them and the console's session ran out. */
export function onSignedOut(listener) {
  signedOut.add(listener);
  return () => signedOut.delete(listener);
}

/** Calls `listener(online)` whenever a request reaches Eddy, or fails to. */
export function onConnection(listener) {
  listeners.add(listener);
  listener(online);
  return () => listeners.delete(listener);
}

function connected(value) {
  if (value === online) return;
  online = value;
  for (const listener of listeners) listener(value);
}

async function request(method, path, body, asText = false) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    connected(false);
    throw new ApiError(0, 'NetworkError', 'Eddy is not reachable');
  }
  connected(true);
  const text = await response.text();
  if (asText && response.ok) return text;
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    if (json.type === 'MissingAuthenticationTokenException') for (const listener of signedOut) listener();
    throw new ApiError(response.status, json.type, json.message);
  }
  return json;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body = {}) => request('POST', path, body),
  delete: (path) => request('DELETE', path),
  /** A route answering text (`GET /_eddy/metrics`: Prometheus' format). */
  text: (path) => request('GET', path, undefined, true),
  /** A DynamoDB operation, run by Eddy as the DynamoDB API runs it (same answers, same errors). */
  dynamodb: (operation, input) => request('POST', `/_eddy/dynamodb/${operation}`, input),
};
