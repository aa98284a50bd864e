// Small DOM helpers: build elements without innerHTML (no markup from data), show problems next to their fields.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'text') el.textContent = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
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

export function badge(status) {
  return h('span', { class: `badge ${status}` }, status);
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A TimeSpan as .NET writes it ("d.hh:mm:ss.fff" or "hh:mm:ss") in words. */
export function age(span) {
  if (!span) return '—';
  const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span);
  if (!m) return span;
  const [days, hours, minutes] = [Number(m[1] || 0), Number(m[2]), Number(m[3])];
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${minutes} min` : `${minutes} min`;
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

export function countsTable(counts) {
  const names = ['rows', 'outOfScope', 'created', 'updated', 'unchanged', 'deactivated', 'pendingDeactivation', 'reactivated', 'errors', 'warnings', 'groups'];
  return h('dl', { class: 'facts counts' }, names.flatMap(n => [h('dt', {}, n), h('dd', { 'data-count': n }, counts?.[n] ?? 0)]));
}
