// Calls the public HTTP API for the signed-in tenant. The token lives in sessionStorage only and travels only in
// the Authorization header; an answer that is not 2xx becomes an ApiError carrying the problem details.
const sessionKey = 'udf.session';

export function currentSession() {
  try { return JSON.parse(sessionStorage.getItem(sessionKey)); } catch { return null; }
}

export function saveSession(tenantId, token) {
  sessionStorage.setItem(sessionKey, JSON.stringify({ tenantId, token }));
}

export function endSession() {
  sessionStorage.removeItem(sessionKey);
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.fieldErrors = problem.errors || {};
  }
}

/** One call under /api/tenants/{tenantId}. Options: json (a body to send as JSON), file (sent as text/csv), headers, raw (return the Response). */
export async function api(method, path, { json, file, headers = {}, raw = false, session = currentSession() } = {}) {
  const init = { method, headers: { Authorization: `Bearer ${session.token}`, ...headers }, credentials: 'omit', cache: 'no-store' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (file !== undefined) {
    init.headers['Content-Type'] = 'text/csv';
    init.body = file;
  }
  const response = await fetch(`/api/tenants/${encodeURIComponent(session.tenantId)}${path}`, init);
  if (!response.ok) {
    let problem;
    try { problem = await response.json(); } catch { problem = { title: `${response.status} ${response.statusText}` }; }
    throw new ApiError(response.status, problem);
  }
  if (raw) return response;
  return response.status === 204 || !(response.headers.get('Content-Type') || '').includes('json') ? null : response.json();
}
