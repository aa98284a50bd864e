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
];

/** Builds the form's fields into `form`; returns a function that reads the chosen mapping. */
export function mappingFields(form, { columns, suggested = {}, current = {}, customFields = [] }) {
  const controls = [];
  const all = [...standard, ...customFields.map(f => [`custom.${f.key}`, `${f.label} (custom field)`, false, ''])];
  for (const [key, label, required, hint] of all) {
    const chosen = current[key] ?? suggested[key] ?? '';
    let control;
    if (columns) {
      control = h('select', {}, h('option', { value: '' }, '— not mapped —'),
        columns.map(c => h('option', { value: c, selected: c === chosen }, c)));
    } else {
      control = h('input', { type: 'text', value: chosen, placeholder: 'column name in the file' });
    }
    controls.push([key, control]);
    form.append(field(label, control, { name: `fields.${key}`, required, hint }));
  }
  return () => Object.fromEntries(controls.map(([k, c]) => [k, c.value.trim()]).filter(([, v]) => v));
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
