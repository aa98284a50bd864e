// The mapping rules as a form: each platform field with a dropdown of the sample's columns (or a text box when
// there is no sample), the suggestion preselected, required fields marked, and the feed's rules explained.
import { h, field } from './ui.js';

const standard = [
  ['email', 'Email', true, 'The key of each user: matched case-insensitively.'],
  ['firstName', 'First name', true, ''],
  ['lastName', 'Last name', true, ''],
  ['status', 'Status', false, 'When mapped, each row must say 1/0, active/inactive, true/false or yes/no. When not mapped, every listed user is active; a feed user absent from a file is deactivated.'],
  ['roles', 'Roles', false, 'Pipe- or comma-separated role names. Roles granted through the platform are never removed by the feed.'],
  ['managers', 'Managers', false, "The managers' emails: each becomes a Manager and the row's user is linked to them."],
  ['externalId', 'External id', false, 'When mapped, the key of each user instead of the email (an email may then change).'],
  ['groups', 'Groups', false, 'Pipe- or comma-separated group names (any case; at most 20 a row). A group is made when a file first names it; memberships added on the platform are never removed by the feed.'],
  ['startDate', 'Start date', false, 'ISO 8601 date (2026-12-31) or date-time. A future joiner is created inactive and activated on the day, in the time zone of the settings.'],
  ['endDate', 'End date', false, 'ISO 8601 date or date-time. The user stays active through that day and is deactivated once it has ended, with no new file needed; clearing or moving it later rehires.'],
];

// The transforms a field may declare, as the page offers them: [value, label, what the setting box holds].
const transformKinds = [
  ['', 'none', ''],
  ['lower', 'lower case', ''],
  ['upper', 'upper case', ''],
  ['default', 'a default for blank cells', 'the default value'],
  ['map', 'replace values (others kept)', 'e.g. HR=Human Resources; IT=Information Technology'],
  ['map-error', 'replace values (others are row errors)', 'e.g. HR=Human Resources; IT=Information Technology'],
  ['coalesce', 'first non-blank of this and other columns', 'the other columns, comma-separated'],
  ['concat', 'joined with other columns', 'the other columns, comma-separated (joined with a space)'],
];

/** A field's transform controls, inside a disclosure; returns a function that reads the transform (or null). */
function transformControls(key, label, transform) {
  const kindOf = t => (!t ? '' : t.kind === 'map' && t.unmatched === 'error' ? 'map-error' : t.kind);
  const settingOf = t => (!t ? '' : t.kind === 'default' ? t.value
    : t.kind === 'map' ? Object.entries(t.values ?? {}).map(([k, v]) => `${k}=${v}`).join('; ')
    : (t.columns ?? []).join(', '));
  const kind = h('select', {}, transformKinds.map(([value, text]) => h('option', { value, selected: value === kindOf(transform) }, text)));
  const setting = h('input', { type: 'text', value: settingOf(transform) ?? '' });
  const hint = () => { setting.placeholder = transformKinds.find(k => k[0] === kind.value)[2]; setting.disabled = !setting.placeholder; };
  kind.addEventListener('change', hint);
  hint();
  const box = h('details', { class: 'transform', open: !!transform },
    h('summary', {}, `Transform of ${label}`),
    // Labelled by the field's key, not its label, so "First name" still names only the field's own control.
    field(`Transform (${key})`, kind, { name: `transforms.${key}` }),
    field(`Transform setting (${key})`, setting));
  const read = () => {
    const value = setting.value.trim();
    const list = () => value.split(',').map(v => v.trim()).filter(v => v);
    switch (kind.value) {
      case '': return null;
      case 'lower': case 'upper': return { kind: kind.value };
      case 'default': return { kind: 'default', value };
      case 'map': case 'map-error': return {
        kind: 'map',
        values: Object.fromEntries(value.split(';').map(p => p.split('=').map(x => x.trim())).filter(p => p[0])),
        ...(kind.value === 'map-error' ? { unmatched: 'error' } : {}),
      };
      default: return { kind: kind.value, columns: list() };
    }
  };
  return [box, read];
}

/** The sample's column a saved column name stands for (headers match in any case, trimmed), or undefined. */
const sampleColumn = (columns, name) => columns.find(c => c.trim().toLowerCase() === (name ?? '').trim().toLowerCase());

/**
 * A dropdown of the sample's columns with `chosen` selected. A saved column the sample does not have stays selected,
 * marked "not in the sample", so saving keeps it unless the admin picks another.
 */
function columnSelect(columns, chosen, none) {
  const inSample = sampleColumn(columns, chosen);
  const missing = chosen && !inSample;
  return h('select', { 'data-missing': missing ? chosen : null }, h('option', { value: '' }, none),
    missing ? h('option', { value: chosen, selected: true }, `${chosen} (not in the sample)`) : null,
    columns.map(c => h('option', { value: c, selected: c === inSample }, c)));
}

/**
 * Builds the form's fields into `form`; returns a function that reads the chosen mapping: its fields, and its
 * transforms (`{ fields, transforms }`). With a sample's columns, the `current` (saved) mapping is preselected where
 * there is one, else the suggestion; a saved field the form does not show (a custom field since removed) is kept.
 */
export function mappingFields(form, { columns, suggested = {}, current = {}, transforms = {}, customFields = [] }) {
  const controls = [];
  const transformReaders = [];
  const all = [...standard, ...customFields.map(f => [`custom.${f.key}`, `${f.label} (custom field)`, false, ''])];
  const starting = Object.keys(current).length ? current : suggested;
  for (const [key, label, required, hint] of all) {
    const chosen = starting[key] ?? '';
    const control = columns
      ? columnSelect(columns, chosen, '— not mapped —')
      : h('input', { type: 'text', value: chosen, placeholder: 'column name in the file' });
    controls.push([key, control]);
    const [box, readTransform] = transformControls(key, label, transforms[key]);
    transformReaders.push([key, readTransform]);
    const missing = control.dataset.missing
      ? h('p', { class: 'notice', 'data-missing-column': key }, `The saved mapping reads the column "${control.dataset.missing}", which the sample does not have. It is kept unless you choose another column; files without it fail.`)
      : null;
    form.append(h('div', { class: 'mapped-field' }, field(label, control, { name: `fields.${key}`, required, hint }), missing, box));
  }
  const shown = new Set(all.map(([key]) => key));
  const unshown = Object.entries(current).filter(([key]) => !shown.has(key));
  return () => {
    const fields = Object.fromEntries([...unshown, ...controls.map(([k, c]) => [k, c.value.trim()]).filter(([, v]) => v)]);
    const chosen = Object.fromEntries([...unshown.filter(([k]) => transforms[k]).map(([k]) => [k, transforms[k]]),
      ...transformReaders.map(([k, read]) => [k, read()]).filter(([k, t]) => t && fields[k])]);
    return { fields, transforms: chosen };
  };
}

/**
 * The mapping's scope as a fieldset: rules of "column is one of / is none of values", each row a rule; a file's rows
 * that fail any rule are left out and count as absent. Returns a function that reads the rules (blank rows dropped).
 */
export function scopeFields(form, { columns, current = [] }) {
  const rules = h('div', { class: 'scope-rules' });
  const rows = [];
  const add = (rule = {}) => {
    const index = rows.length;
    const column = columns
      ? columnSelect(columns, rule.column, '— no rule —')
      : h('input', { type: 'text', value: rule.column ?? '', placeholder: 'column name in the file' });
    const kind = h('select', {}, h('option', { value: 'in', selected: !rule.notIn }, 'is one of'), h('option', { value: 'notIn', selected: !!rule.notIn }, 'is none of'));
    const values = h('input', { type: 'text', value: (rule.in ?? rule.notIn ?? []).join(', '), placeholder: 'e.g. Employee, Fixed term' });
    const row = { column, kind, values };
    rows.push(row);
    const box = h('div', { class: 'scope-rule', 'data-broken': column.dataset?.missing ? '' : null },
      column.dataset?.missing
        ? h('p', { class: 'notice', role: 'note' }, `Scope rule ${index + 1} reads the column "${column.dataset.missing}", which the sample does not have: it is kept as saved (and files without that column fail) unless you choose another column or remove the rule.`)
        : null,
      field(`Scope rule ${index + 1}: column`, column, { name: `scope[${index}]` }),
      field(`Scope rule ${index + 1}: the value`, kind),
      field(`Scope rule ${index + 1}: values`, values, { hint: 'comma-separated, any case' }),
      h('div', {}, h('button', { type: 'button', class: 'secondary', onclick: () => { row.removed = true; box.remove(); } }, `Remove scope rule ${index + 1}`)));
    rules.append(box);
  };
  (current.length ? current : [{}]).forEach(add);
  form.append(h('fieldset', { class: 'scope' }, h('legend', {}, 'Scope (optional)'),
    h('p', { class: 'hint' }, 'Only rows that pass every rule are applied; the others count as absent, so a feed user whose row leaves the scope is deactivated like a leaver (through the safety hold).'),
    rules, h('button', { type: 'button', class: 'secondary', onclick: () => add() }, 'Add a scope rule')));
  // A rule is left out only when removed, or when both its column and its values are blank (an unused row); a rule with
  // values and no column is sent, so the API names what is missing next to it. Each row's error slot follows the
  // index its rule is sent at.
  return () => rows
    .filter(row => !row.removed && (row.column.value.trim() || row.values.value.trim()))
    .map(({ column, kind, values }, i) => {
      column.dataset.field = `scope[${i}]`;
      return { column: column.value.trim(), [kind.value]: values.value.split(',').map(v => v.trim()).filter(v => v) };
    });
}

export function issuedKeyCard(key) {
  return h('section', { class: 'card', 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, 'Connection details for IT'),
    h('p', { class: 'notice', role: 'status' }, h('strong', {}, 'Copy the secret now: it will not be shown again. '), 'Anyone with it can upload files for this tenant.'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'endpoint'), h('dd', { 'data-key': 'endpoint' }, key.endpoint),
      h('dt', {}, 'bucket'), h('dd', { 'data-key': 'bucket' }, key.bucket),
      h('dt', {}, 'region'), h('dd', { 'data-key': 'region' }, key.region),
      h('dt', {}, 'access key'), h('dd', { 'data-key': 'accessKeyId' }, h('code', {}, key.accessKeyId)),
      h('dt', {}, 'secret'), h('dd', {}, h('code', { class: 'secret', 'data-key': 'secretAccessKey' }, key.secretAccessKey), ' ',
        h('button', { type: 'button', class: 'secondary', onclick: event => copy(event.target, key.secretAccessKey) }, 'Copy secret'))),
    h('p', {}, 'IT uploads exports under ', h('code', {}, 'exports/'), ' in the bucket, e.g. ',
      h('code', {}, `aws s3 cp hr.csv s3://${key.bucket}/exports/hr.csv --endpoint-url ${key.endpoint}`)));
}

async function copy(button, text) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select the secret and copy it';
  }
}
