// Small DOM helpers: build elements without innerHTML (no markup from data), show problems next to their fields.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A labelled form control: the control gets an id, the label points at it, a field-error slot follows it. */
export function field(labelText, control, { name, hint, required = false } = {}) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  if (name) control.dataset.field = name;
  if (required) control.required = true;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.setAttribute('aria-describedby', `${id}-error`);
  return h('div', { class: 'field' },
    h('label', { for: id }, labelText, required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
      required ? h('span', { class: 'hint' }, ' (required)') : null),
    hint ? h('p', { class: 'hint' }, hint) : null,
    control, error);
}

export function clearProblems(container) {
  container.querySelectorAll('.field-error').forEach(e => { e.hidden = true; e.textContent = ''; });
  container.querySelectorAll('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
  container.querySelectorAll('.problem').forEach(e => e.remove());
}

/** Shows an API error in a container: its title (and detail) on top, each field error next to its field. */
export function showProblem(container, error, where = container.firstChild) {
  clearProblems(container);
  const problem = error.problem || { title: error.message };
  const unplaced = [];
  for (const [name, messages] of Object.entries(error.fieldErrors || {})) {
    const control = container.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (!control) { unplaced.push(`${name}: ${messages.join(' ')}`); continue; }
    control.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(`${control.id}-error`);
    slot.textContent = messages.join(' ');
    slot.hidden = false;
  }
  const box = h('div', { class: 'alert problem', role: 'alert' },
    h('strong', {}, problem.title || 'The request failed.'),
    problem.detail ? h('div', {}, problem.detail) : null,
    unplaced.length ? h('ul', {}, unplaced.map(u => h('li', {}, u))) : null);
  container.insertBefore(box, where);
  return box;
}

/**
 * The words the page shows for each status the API names (one vocabulary for imports, users and deliveries; the
 * API's name stays on the badge's data-status).
 */
export const statusWords = {
  running: 'Running',
  completed: 'Completed',
  completedWithErrors: 'Completed with row errors',
  failed: 'Failed',
  held: 'Held for approval',
  rejected: 'Rejected',
  active: 'Active',
  inactive: 'Inactive',
  pending: 'Retrying',
  delivered: 'Delivered',
};

export function badge(status) {
  return h('span', { class: `badge ${status}`, 'data-status': status }, statusWords[status] ?? status);
}

/** Appends children to a parent, leaving out null, undefined and false (Element.append would write them as text). */
export function put(parent, ...children) {
  parent.append(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  return parent;
}

/** Replaces a parent's children, leaving out null, undefined and false. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return put(parent, ...children);
}

/** A row error's row as a spreadsheet numbers it: the API's row 1 is the first data row, under the header (row 1). */
export function spreadsheetRow(row) {
  return row + 1;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A TimeSpan as .NET writes it ("d.hh:mm:ss.fff" or "hh:mm:ss") as days, hours and minutes (null when it is not one). */
export function spanParts(span) {
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span ?? '');
  return m ? { days: Number(m[1] || 0), hours: Number(m[2]), minutes: Number(m[3]) } : null;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A TimeSpan in words: "2 days", "1 day 3 hours", "45 minutes". */
export function age(span) {
  if (!span) return '—';
  const p = spanParts(span);
  if (!p) return span;
  if (p.days) return p.hours ? `${plural(p.days, 'day')} ${plural(p.hours, 'hour')}` : plural(p.days, 'day');
  if (p.hours) return p.minutes ? `${plural(p.hours, 'hour')} ${plural(p.minutes, 'minute')}` : plural(p.hours, 'hour');
  return p.minutes ? plural(p.minutes, 'minute') : 'less than a minute';
}

/** Offers bytes as a file download (the page's own blob URL; nothing leaves the browser). */
export function download(name, blob) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The words for each count the API names. */
export const countWords = {
  rows: 'Rows in the file',
  outOfScope: 'Rows out of scope (left out)',
  created: 'Users created',
  updated: 'Users updated',
  unchanged: 'Users unchanged',
  deactivated: 'Users deactivated',
  pendingDeactivation: 'Users absent, still active (grace period)',
  reactivated: 'Users reactivated',
  errors: 'Row errors (rows not applied)',
  warnings: 'Warnings',
  groups: 'Groups the file names',
};

export function countsTable(counts) {
  return h('dl', { class: 'facts counts' }, Object.entries(countWords).flatMap(([n, words]) => [h('dt', {}, words), h('dd', { 'data-count': n }, counts?.[n] ?? 0)]));
}
