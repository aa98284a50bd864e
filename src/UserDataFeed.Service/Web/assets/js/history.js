// Run history: imports newest first (a running one with its progress), poll now, dry run a file, and one
// import's details: counts, row errors (as a table and as CSV), approve or reject when held.
import { api } from './api.js';
import { h, put, replace, badge, when, showProblem, countsTable, download, spreadsheetRow } from './ui.js';

let refresh = null;

export async function historyView(main) {
  clearTimeout(refresh);
  const importId = decodeURIComponent(location.hash.split('/')[1] || '');
  return importId ? importView(main, importId) : listView(main);
}

async function listView(main) {
  const actions = h('section', { class: 'card', 'aria-labelledby': 'h-actions' }, h('h2', { id: 'h-actions' }, 'Check the bucket'));
  const pollButton = h('button', { type: 'button' }, 'Poll now');
  const status = h('p', { role: 'status' });
  pollButton.addEventListener('click', async () => {
    try {
      const polled = await api('POST', '/feed/poll');
      status.textContent = polled.importIds.length ? `Queued ${polled.importIds.length} new file(s).` : 'No new file.';
      await renderList(table);
    } catch (error) { showProblem(actions, error, pollButton); }
  });
  actions.append(h('p', {}, 'The feed checks the bucket on its own schedule; poll now to take new uploads at once.'), pollButton, status);
  const table = h('div', { class: 'table-wrap' });
  put(main, h('h1', {}, 'Run history'), actions, dryRunForm(), h('section', { class: 'card', 'aria-labelledby': 'h-list' }, h('h2', { id: 'h-list' }, 'Imports, newest first'), table));
  await renderList(table);
}

async function renderList(table) {
  clearTimeout(refresh);
  const page = await api('GET', '/feed/imports?pageSize=50');
  if (!page.items.length) { table.replaceChildren(h('p', {}, 'No import yet.')); return; }
  table.replaceChildren(h('table', {},
    h('thead', {}, h('tr', {}, ['Status', 'File', 'Started', 'Rows', 'Created', 'Updated', 'Deactivated', 'Row errors', 'Progress'].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, page.items.map(i => h('tr', { 'data-import': i.importId },
      h('td', {}, badge(i.status)),
      h('td', {}, h('a', { href: `#history/${encodeURIComponent(i.importId)}` }, i.fileKey)),
      h('td', {}, when(i.startedAt)),
      ['rows', 'created', 'updated', 'deactivated', 'errors'].map(n => h('td', { 'data-count': n }, i.counts[n])),
      h('td', {}, progress(i)))))));
  if (page.items.some(i => i.status === 'running')) {
    refresh = setTimeout(() => { if (table.isConnected) renderList(table).catch(() => {}); }, 1000);
  }
}

function progress(i) {
  if (i.status !== 'running') return '';
  const p = i.progress;
  return p.planned
    ? h('progress', { max: p.planned, value: p.applied, 'aria-label': `${p.applied} of ${p.planned} changes written` })
    : h('span', {}, phaseWords[p.phase] ?? 'Waiting to start');
}

const phaseWords = { queued: 'Waiting to start', planning: 'Reading the file', writing: 'Writing the changes', reporting: 'Writing the report' };

function dryRunForm() {
  const input = h('input', { type: 'file', id: 'dry-run-file', accept: '.csv,.tsv,.txt,text/csv' });
  const result = h('div');
  const form = h('form', { class: 'card' }, h('h2', {}, 'Dry run a file'),
    h('p', {}, 'See what a file would do with the saved mapping, without changing anything.'),
    h('label', { for: 'dry-run-file' }, 'File'), input, h('div', {}, h('button', { type: 'submit' }, 'Dry run')), result);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (!input.files.length) { showProblem(form, { problem: { title: 'Select a file first.' } }); return; }
    try {
      const dry = await api('POST', '/feed/dry-run', { file: input.files[0] });
      replace(result,
        dry.held ? h('p', { class: 'notice', 'data-verdict': 'held' }, 'This file would be held for approval: ', dry.holdReason)
          : dry.errors.length ? h('p', { class: 'notice', 'data-verdict': 'errors' }, dry.errors.length === 1
            ? 'This file would be applied except for 1 row error: that row would not be applied and its user would stay as they are. Correct it in the HR system first, or let the file run and correct it for the next one.'
            : `This file would be applied except for ${dry.errors.length} row errors: those rows would not be applied and their users would stay as they are. Correct them in the HR system first, or let the file run and correct them for the next one.`)
          : h('p', { class: 'success', 'data-verdict': 'applied' }, 'This file would be applied as it is.'),
        countsTable(dry.counts), issuesTable(dry.errors, 'Row errors', 'would'), issuesTable(dry.warnings, 'Warnings', 'would'));
    } catch (error) { result.replaceChildren(); showProblem(form, error, result); }
  });
  return form;
}

async function importView(main, importId) {
  const record = await api('GET', `/feed/imports/${encodeURIComponent(importId)}`);
  const issues = await api('GET', `/feed/imports/${encodeURIComponent(importId)}/errors`);
  const card = h('section', { class: 'card', 'aria-labelledby': 'i-title' },
    h('h2', { id: 'i-title' }, record.fileKey, ' ', badge(record.status)),
    record.reason ? h('p', { class: record.status === 'held' ? 'notice' : '' }, record.reason) : null,
    record.status === 'failed' ? h('p', { class: 'hint' }, 'Nothing from this file was applied. When the file\'s columns changed, ',
      h('a', { href: '#settings' }, 'change the mapping in Settings'), ' (or ', h('a', { href: '#setup' }, 'set up the feed again'), ' with this file as the sample), then ask IT to upload it again.') : null,
    h('dl', { class: 'facts' }, h('dt', {}, 'Import'), h('dd', {}, record.importId), h('dt', {}, 'Started'), h('dd', {}, when(record.startedAt)),
      h('dt', {}, 'Finished'), h('dd', {}, when(record.finishedAt)), h('dt', {}, 'Attempts'), h('dd', {}, record.attempts)),
    record.status === 'running' ? h('p', {}, 'Progress: ', progress(record), ` ${record.progress.applied} of ${record.progress.planned} changes`) : null,
    countsTable(record.counts));
  if (record.status === 'held') {
    card.append(h('p', {}, `It would deactivate ${record.counts.deactivated} users. Approve to apply it anyway, or reject it (nothing is applied).`),
      decision('Approve', 'approve', ''), decision('Reject', 'reject', 'danger'));
  }
  function decision(label, action, style) {
    return h('button', { type: 'button', class: style, onclick: async () => {
      try {
        await api('POST', `/feed/imports/${encodeURIComponent(importId)}/${action}`);
        main.replaceChildren();
        await importView(main, importId);
      } catch (error) { showProblem(card, error, null); }
    } }, label);
  }
  const all = [...issues.errors, ...issues.warnings];
  const wouldDeactivate = record.status === 'held' ? deactivationsList(importId, record.counts.deactivated) : null;
  put(main, h('p', {}, h('a', { href: '#history' }, '← Run history')), h('h1', {}, 'Import'), card, wouldDeactivate,
    issuesTable(issues.errors, 'Row errors'), issuesTable(issues.warnings, 'Warnings'),
    all.length ? h('button', { type: 'button', class: 'secondary', onclick: () => download(`${importId}-errors.csv`, issuesCsv(all)) }, 'Download errors CSV') : null);
  if (record.status === 'running') refresh = setTimeout(() => { if (card.isConnected) { main.replaceChildren(); importView(main, importId); } }, 1000);
}

// What a row error or warning did to the row, as the import did it or the dry run would.
const issueHelp = {
  'Row errors': { did: 'These rows were not applied: the user each names was left as they were (and still counts as in the file). Correct them in the HR system; the next file applies them.',
    would: 'These rows would not be applied: the user each names would stay as they are.' },
  Warnings: { did: 'The rest of each of these rows was applied.', would: 'The rest of each of these rows would be applied.' },
};

// Whom a held import would deactivate, 50 at a time ("Show more"), each with why in plain words.
const reasonsInWords = {
  'absent from file': 'Not in this file',
  'out of scope': "Their row is outside the mapping's scope",
  'status column': 'The status column says inactive',
  'end date passed': 'Their end date has passed',
  'start date to come': 'Their start date is still to come',
};

function deactivationsList(importId, total) {
  const rows = h('tbody');
  const shown = h('p', { role: 'status' });
  const section = h('section', { class: 'card', 'aria-labelledby': 'd-title' },
    h('h2', { id: 'd-title' }, `Who it would deactivate (${total})`),
    h('div', { class: 'table-wrap' }, h('table', { 'data-deactivations': '' },
      h('thead', {}, h('tr', {}, ['Email', 'Name', 'External id', 'Why'].map(c => h('th', { scope: 'col' }, c)))), rows)),
    shown);
  const load = async token => {
    const query = new URLSearchParams({ pageSize: '50' });
    if (token) query.set('continuationToken', token);
    const page = await api('GET', `/feed/imports/${encodeURIComponent(importId)}/deactivations?${query}`);
    rows.append(...page.items.map(d => h('tr', { 'data-email': d.email },
      h('td', {}, d.email), h('td', {}, `${d.firstName} ${d.lastName}`.trim() || '—'), h('td', {}, d.externalId || '—'),
      h('td', { 'data-reason': d.reason }, reasonsInWords[d.reason] || d.reason))));
    shown.textContent = `Showing ${rows.children.length} of ${total}.`;
    if (page.continuationToken) {
      const more = h('button', { type: 'button', class: 'secondary' }, 'Show more');
      more.addEventListener('click', () => { more.remove(); load(page.continuationToken).catch(error => showProblem(section, error, null)); });
      section.append(more);
    }
  };
  load(null).catch(error => showProblem(section, error, null));
  return section;
}

function issuesTable(list, title, tense = 'did') {
  if (!list.length) return null;
  return h('section', { class: 'card issues' }, h('h2', {}, `${title} (${list.length})`),
    h('p', { class: 'hint' }, issueHelp[title][tense], ' Rows are numbered as a spreadsheet numbers them: the header is row 1.'),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('thead', {}, h('tr', {}, ['Row', 'User', 'Column', 'Value', 'Reason'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, list.map(i => h('tr', {}, h('td', { 'data-row': i.row }, spreadsheetRow(i.row)), h('td', {}, i.user || '—'),
        h('td', {}, i.column || '—'), h('td', {}, i.value), h('td', {}, i.message)))))));
}

function issuesCsv(list) {
  const cell = v => { const s = String(v ?? ''); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  const lines = [['spreadsheet row', 'user', 'column', 'value', 'code', 'severity', 'message'], ...list.map(i => [spreadsheetRow(i.row), i.user, i.column, i.value, i.code, i.severity, i.message])];
  return new Blob([lines.map(l => l.map(cell).join(',')).join('\r\n') + '\r\n'], { type: 'text/csv' });
}
