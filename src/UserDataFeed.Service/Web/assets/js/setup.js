// The set-up wizard: template → sample file → mapping rules → save → connection details → done.
import { api } from './api.js';
import { h, put, showProblem, download, when } from './ui.js';
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
  const intro = h('p', {}, `The sample has ${state.preview.columns.length} columns (separator "${state.preview.delimiter}", ${state.preview.encoding}). Fields marked * are required.`);
  const form = h('form', { class: 'card', novalidate: true }, h('h2', { tabindex: '-1' }, '3. Map the platform fields to the file\'s columns'), intro);
  const loaded = Promise.all([api('GET', '/fields'), api('GET', '/feed/mapping').catch(e => (e.status === 404 ? null : Promise.reject(e)))]);
  loaded.then(([customFields, saved]) => {
    // Over a saved mapping the wizard starts from it (suggestions are for a first mapping), and saves what it does not show as it was.
    intro.append(saved
      ? ` The saved mapping (version ${saved.version}) is preselected: change what the new file needs.`
      : ' Suggestions from the column names are preselected.');
    const read = mappingFields(form, { columns: state.preview.columns, suggested: state.preview.suggestedMapping, current: saved?.fields ?? {}, transforms: saved?.transforms ?? {}, customFields: customFields.items });
    const readScope = scopeFields(form, { columns: state.preview.columns, current: saved?.scope ?? [] });
    const save = h('button', { type: 'submit' }, 'Save mapping');
    form.append(sampleTable(state.preview), h('div', {}, save));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      save.disabled = true;
      try {
        await api('PUT', '/feed/mapping', { json: { ...read(), scope: readScope() }, headers: saved ? { 'If-Match': saved.etag } : {} });
        next();
      } catch (error) {
        showProblem(form, error, form.children[1]);
        save.disabled = false;
      }
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

// The tenant's keys as they are: with none, issue one; with one, issue a second or keep it; with two (the most a tenant
// may hold), finish with them or revoke one here to issue a new one.
function connectionStep(state, next) {
  const card = h('section', { class: 'card' }, h('h2', { tabindex: '-1' }, '4. Connection details'),
    h('p', {}, 'IT uploads the exports with an S3 key. A tenant may hold two keys, to rotate one without a gap.'));
  const body = h('div', { 'aria-live': 'polite' });
  card.append(body);
  const load = async () => {
    try {
      const connection = await api('GET', '/feed/connection');
      body.replaceChildren(...keysPart(connection));
    } catch (error) { showProblem(card, error, body); }
  };
  const keysPart = connection => {
    const keys = connection.keys;
    const issue = h('button', { type: 'button' }, keys.length ? 'Issue a second key' : 'Issue S3 key');
    issue.addEventListener('click', async () => {
      try {
        state.key = await api('POST', '/feed/connection/keys');
        body.replaceChildren(issuedKeyCard(state.key), h('button', { type: 'button', onclick: next }, 'I have copied the secret — finish'));
      } catch (error) {
        if (error.status === 409) { await load(); return; } // another tab issued one meanwhile: show the keys as they are now
        showProblem(card, error, body);
      }
    });
    const list = h('ul', { class: 'keys' }, keys.map(k => h('li', { 'data-key-id': k.accessKeyId }, h('code', {}, k.accessKeyId), ` issued ${when(k.createdAt)} `,
      h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.accessKeyId}`, onclick: async () => {
        if (!confirm(`Revoke ${k.accessKeyId}? Uploads with it stop working at once.`)) return;
        try {
          await api('DELETE', `/feed/connection/keys/${encodeURIComponent(k.accessKeyId)}`);
          await load();
        } catch (error) { showProblem(card, error, body); }
      } }, 'Revoke'))));
    const finish = h('button', { type: 'button', class: keys.length >= 2 ? '' : 'secondary', onclick: next }, 'Keep the existing keys — finish');
    if (!keys.length) return [issue];
    return [
      h('p', {}, keys.length >= 2
        ? 'This tenant already holds two keys, the most it may hold. If IT has one of them, finish here. To give IT a new key, revoke the one no longer in use first; its uploads stop at once.'
        : 'This tenant already holds a key. If IT has it, finish here; issue a second key to give IT a new one, then revoke the old one in Settings once they use the new one.'),
      list,
      put(h('div'), keys.length < 2 ? issue : null, finish),
    ];
  };
  load();
  return [card];
}
