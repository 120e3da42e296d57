// Calls the silo's HTTP API with the operator's token (kept in sessionStorage, so it ends with the tab).
const TokenKey = 'lad-token';

/** Raised for an answer that is not 2xx; `status` is the HTTP status, the message the API's `error`. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TokenKey),
  set: value => sessionStorage.setItem(TokenKey, value),
  clear: () => sessionStorage.removeItem(TokenKey),
};

/** Sends one request; `body` is sent as JSON. Answers the parsed JSON body. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  const stored = token.get();
  if (stored) headers.authorization = `Bearer ${stored}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  if (!response.ok) throw new ApiError(response.status, parsed?.error ?? `${response.status} ${response.statusText}`);
  return parsed;
}

/** Query string of the given parameters, leaving out empty ones. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
