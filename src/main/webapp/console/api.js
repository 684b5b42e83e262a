// The public API, same origin: every call of the console goes through call().

/** Who the console is signed in as: kept in memory, and in sessionStorage only when asked. */
const STORAGE_KEY = 'queuey.console.credentials';
let credentials = null;

export function signIn(app, key, token, remember) {
  credentials = { app, key, token };
  if (remember) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
  } else {
    sessionStorage.removeItem(STORAGE_KEY);
  }
}

export function signOut() {
  credentials = null;
  sessionStorage.removeItem(STORAGE_KEY);
}

export function remembered() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    if (saved && typeof saved.app === 'string') {
      credentials = saved;
      return saved;
    }
  } catch (ignored) {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  return null;
}

export function app() {
  return credentials ? credentials.app : '';
}

function authorization() {
  const parts = [];
  if (credentials && credentials.key) parts.push('Application ' + credentials.key);
  if (credentials && credentials.token) parts.push('Bearer ' + credentials.token);
  return parts.join('; ');
}

/** An answer that is not a success: the API's error_msg, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(status, errors, retryAfter) {
    super(Object.entries(errors).map(([k, v]) => k + ': ' + v).join('; '));
    this.status = status;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }
  /** Nothing answered, or a 502/503/504: worth trying again later. */
  get unreachable() {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

const enc = encodeURIComponent;

/** A path under /v1/{app}/: each segment encoded. */
export function path(...segments) {
  return '/v1/' + [app(), ...segments].map((s) => enc(String(s))).join('/');
}

export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length === 0) return '';
  return '?' + entries.map(([k, v]) => enc(k) + '=' + enc(String(v))).join('&');
}

export async function call(method, url, { body, type, headers = {} } = {}) {
  const all = { Accept: 'application/json', ...headers };
  const auth = authorization();
  if (auth) all.Authorization = auth;
  if (body !== undefined) all['Content-Type'] = type || 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: all,
      body,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (failed) {
    throw new ApiError(0, { network: 'The server could not be reached (' + failed.message + ').' });
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (ignored) {
    json = null;
  }
  if (!response.ok) {
    const errors =
      json && json.error_msg && typeof json.error_msg === 'object'
        ? json.error_msg
        : { ['HTTP ' + response.status]: text.slice(0, 300) || response.statusText };
    throw new ApiError(response.status, errors, response.headers.get('Retry-After'));
  }
  return json;
}

/** A form body of the fields that have a value, and of those named in keepEmpty even when empty. */
export function form(fields, keepEmpty = []) {
  return Object.entries(fields)
    .filter(([k, v]) => v !== undefined && v !== null && (v !== '' || keepEmpty.includes(k)))
    .map(([k, v]) => enc(k) + '=' + enc(String(v)))
    .join('&');
}

export const FORM = 'application/x-www-form-urlencoded';

/**
 * A datetime-local value (local time, "2026-12-02T18:00" or with seconds) as an API timestamp:
 * epoch seconds with 7 decimals, as a string (never through a double of seconds).
 */
export function timestampOf(localValue) {
  const ms = new Date(localValue).getTime();
  if (!Number.isFinite(ms)) return null;
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  return seconds + '.' + String(millis).padStart(3, '0') + '0000';
}

/** An API timestamp ("1764700000.1234567") as a readable local date and time. */
export function dateOf(timestamp) {
  const ms = Number(String(timestamp).split('.')[0]) * 1000 + Number((String(timestamp).split('.')[1] || '0').slice(0, 3).padEnd(3, '0'));
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toLocaleString() : String(timestamp);
}

/** Orders messages by their timestamp (same-length decimal strings), then id. */
export function byTime(a, b) {
  const [as, af = ''] = String(a.timestamp).split('.');
  const [bs, bf = ''] = String(b.timestamp).split('.');
  if (as.length !== bs.length) return as.length - bs.length;
  if (as !== bs) return as < bs ? -1 : 1;
  if (af !== bf) return af < bf ? -1 : 1;
  return a.message_id < b.message_id ? -1 : a.message_id > b.message_id ? 1 : 0;
}
