// Every call the console makes goes through here: same origin, the token (when one was given) in the
// Authorization header, never in a URL; kept in sessionStorage, so it ends with the browser tab's session.

const TOKEN_KEY = 'product-scanner.api-token';

/** The API refused the call: `status`, and the error envelope's `code`, `message` and `field`. */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || 'http_error';
    this.field = error?.field ?? null;
  }
}

/** Thrown when the API asks for a token: the app shows the sign-in. */
export class SignInNeeded extends Error {}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** GET `path` (under /api/v2), answering the envelope's data. */
export function get(path, {signal} = {}) {
  return call('GET', path, undefined, signal);
}

/** POST `path` with a JSON body, or none (cancel, requeue, pause: the API takes no body there). */
export function post(path, body) {
  return call('POST', path, body);
}

// Tells the API's access log these calls are the console's (caller=console).
const CLIENT = {'X-Scanner-Client': 'console'};

async function call(method, path, body, signal) {
  const headers = {Accept: 'application/json', ...CLIENT};
  const stored = token();
  if (stored) headers.Authorization = `Bearer ${stored}`;
  const init = {method, headers, signal, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`/api/v2${path}`, init);
  if (response.status === 401) {
    signOut();
    throw new SignInNeeded();
  }
  let envelope = null;
  try {
    envelope = await response.json();
  } catch {
    // not JSON: a proxy's page, or a broken connection
  }
  if (!response.ok || !envelope || envelope.success === false) {
    throw new ApiError(response.status, envelope?.error);
  }
  return envelope.data;
}

/**
 * Downloads a job's results in `format` (csv or jsonl) through the API's ?format=, with the token in the header:
 * a plain link could not carry it, so the file is fetched and handed to the browser as a blob.
 */
export async function download(jobId, format) {
  const headers = {...CLIENT};
  const stored = token();
  if (stored) headers.Authorization = `Bearer ${stored}`;
  const response = await fetch(`/api/v2/jobs/${encodeURIComponent(jobId)}/results?format=${format}`,
    {headers, credentials: 'omit', cache: 'no-store'});
  if (response.status === 401) {
    signOut();
    throw new SignInNeeded();
  }
  if (!response.ok) throw new ApiError(response.status, null);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `results_${jobId}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
