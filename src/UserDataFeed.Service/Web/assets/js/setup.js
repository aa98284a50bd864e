// The set-up wizard: template → sample file → mapping rules → save → connection details → done.
import { api } from './api.js';
import { h, showProblem, download } from './ui.js';
import { mappingFields, scopeFields, issuedKeyCard } from './mapping-form.js';

const steps = ['Template', 'Sample file', 'Mapping rules', 'Connection details', 'Done'];

export async function setupView(main) {
  const state = { step: 0, preview: null, key: null };
  const container = h('div');
  main.append(h('h1', {}, 'Set up the feed'), container);
  const show = () => { container.replaceChildren(stepList(state.step), ...stepBody(state, show)); container.querySelector('h2')?.focus(); };
  show();
}

function stepList(current) {
  return h('ol', { class: 'steps', 'aria-label': 'Steps' }, steps.map((s, i) => h('li', { 'aria-current': i === current ? 'step' : null }, `${i + 1}. ${s}`)));
}

function stepBody(state, show) {
  const next = () => { state.step++; show(); };
  switch (state.step) {
    case 0: return templateStep(next);
    case 1: return sampleStep(state, next);
    case 2: return [mappingStep(state, next)];
    case 3: return connectionStep(state, next);
    default: return [h('section', { class: 'card' }, h('h2', { tabindex: '-1' }, 'Done'),
      h('p', { class: 'success' }, 'The feed is set up. Files IT uploads are imported on the next poll; follow them in ', h('a', { href: '#history' }, 'run history'), '.'))];
  }
}

function templateStep(next) {
  const card = h('section', { class: 'card' },
    h('h2', { tabindex: '-1' }, '1. Download the template'),
    h('p', {}, 'The template has a column for each platform field and custom field, with an example row. Give it to IT, or skip this if your HR system already exports its own columns.'));
  card.append(
    h('button', { type: 'button', class: 'secondary', onclick: async () => {
      try {
        const response = await api('GET', '/feed/template', { raw: true });
        download('feed-template.csv', await response.blob());
      } catch (error) { showProblem(card, error, null); }
    } }, 'Download template'),
    h('button', { type: 'button', onclick: next }, 'Next'));
  return [card];
}

function sampleStep(state, next) {
  const input = h('input', { type: 'file', accept: '.csv,.tsv,.txt,text/csv', id: 'sample-file' });
  const form = h('form', { class: 'card' },
    h('h2', { tabindex: '-1' }, '2. Select a sample file'),
    h('p', {}, 'An export from your HR system (the first rows are enough). It is read to list its columns and suggest a mapping; nothing is imported.'),
    h('label', { for: 'sample-file' }, 'Sample file'), input,
    h('div', {}, h('button', { type: 'submit' }, 'Read the sample')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!input.files.length) { showProblem(form, { problem: { title: 'Select a file first.' } }); return; }
    try {
      state.preview = await api('POST', '/feed/mapping/preview', { file: input.files[0] });
      next();
    } catch (error) { showProblem(form, error); }
  });
  return [form];
}

function mappingStep(state, next) {
  const form = h('form', { class: 'card', novalidate: true }, h('h2', { tabindex: '-1' }, '3. Map the platform fields to the file\'s columns'),
    h('p', {}, `The sample has ${state.preview.columns.length} columns (separator "${state.preview.delimiter}", ${state.preview.encoding}). Suggestions are preselected; fields marked * are required.`));
  const loaded = Promise.all([api('GET', '/fields'), api('GET', '/feed/mapping').catch(e => (e.status === 404 ? null : Promise.reject(e)))]);
  loaded.then(([customFields, saved]) => {
    const read = mappingFields(form, { columns: state.preview.columns, suggested: state.preview.suggestedMapping, transforms: saved?.transforms ?? {}, customFields: customFields.items });
    const readScope = scopeFields(form, { columns: state.preview.columns, current: saved?.scope ?? [] });
    form.append(sampleTable(state.preview), h('div', {}, h('button', { type: 'submit' }, 'Save mapping')));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await api('PUT', '/feed/mapping', { json: { ...read(), scope: readScope() }, headers: saved ? { 'If-Match': saved.etag } : {} });
        next();
      } catch (error) { showProblem(form, error, form.children[1]); }
    });
  }, error => showProblem(form, error, null));
  return form;
}

function sampleTable(preview) {
  if (!preview.sampleRows.length) return h('p', {}, 'The sample has no data rows.');
  return h('div', { class: 'table-wrap' }, h('table', {}, h('caption', { class: 'hint' }, 'First rows of the sample'),
    h('thead', {}, h('tr', {}, preview.columns.map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, preview.sampleRows.map(r => h('tr', {}, r.map(v => h('td', {}, v)))))));
}

function connectionStep(state, next) {
  const card = h('section', { class: 'card' }, h('h2', { tabindex: '-1' }, '4. Connection details'),
    h('p', {}, 'Issue an S3 key for IT to upload the exports with. A tenant may hold two keys, to rotate one without a gap.'));
  const issue = h('button', { type: 'button' }, 'Issue S3 key');
  issue.addEventListener('click', async () => {
    try {
      state.key = await api('POST', '/feed/connection/keys');
      issue.remove();
      card.append(issuedKeyCard(state.key), h('button', { type: 'button', onclick: next }, 'I have copied the secret — finish'));
    } catch (error) { showProblem(card, error, issue); }
  });
  card.append(issue);
  return [card];
}
