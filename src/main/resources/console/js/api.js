// The admin key lives in this tab's sessionStorage only; it is sent as a bearer header, never in a URL.
const KEY = 'switchboard.adminKey';

/** An answer that was not 2xx: the gateway's OpenAI-style error, with every field error it listed. */
export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || null;
    this.param = error.param || null;
    this.errors = (body && Array.isArray(body.errors)) ? body.errors : [];
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** Calls the gateway with a bearer key (the admin key unless another is given); resolves to parsed JSON. */
export async function call(method, path, body, key = session.key()) {
  const response = await send(method, path, body, key);
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && key === session.key()) {
      window.dispatchEvent(new Event('switchboard:unauthorized'));
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

/** Calls the gateway and answers the raw body as a Blob (for downloads). */
export async function download(path, key = session.key()) {
  const response = await send('GET', path, undefined, key);
  if (!response.ok) {
    const text = await response.text();
    throw new ApiError(response.status, text ? JSON.parse(text) : null);
  }
  return { blob: await response.blob(), disposition: response.headers.get('content-disposition') };
}

function send(method, path, body, key) {
  const headers = { 'Accept': 'application/json, text/csv' };
  if (key) {
    headers['Authorization'] = `Bearer ${key}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store', credentials: 'omit' });
}
