// Users: filter by status and by who created them, look one up by email, see a user's details.
import { api } from './api.js';
import { h, field, showProblem, badge, when } from './ui.js';
import { groupNames } from './groups.js';

export async function usersView(main) {
  const email = decodeURIComponent(location.hash.split('/')[1] || '');
  if (email) return userView(main, email);
  const status = h('select', {}, h('option', { value: '' }, 'any'), h('option', { value: 'active' }, 'active'), h('option', { value: 'inactive' }, 'inactive'));
  const createdBy = h('select', {}, h('option', { value: '' }, 'anyone'), h('option', { value: 'feed' }, 'the feed'), h('option', { value: 'platform' }, 'the platform'));
  const search = h('input', { type: 'email', placeholder: 'name@example.com' });
  const table = h('div', { class: 'table-wrap' });
  const filters = h('form', { class: 'card', 'aria-label': 'Filter users' },
    h('div', { class: 'grid' }, field('Status', status, { name: 'status' }), field('Created by', createdBy, { name: 'createdBy' })),
    h('button', { type: 'submit' }, 'Filter'));
  const lookup = h('form', { class: 'card', 'aria-label': 'Find a user' }, field('Find by email', search, { name: 'email' }), h('button', { type: 'submit' }, 'Find'));
  filters.addEventListener('submit', event => { event.preventDefault(); load(null).catch(error => showProblem(filters, error)); });
  lookup.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('GET', `/users/${encodeURIComponent(search.value.trim())}`);
      location.hash = `#users/${encodeURIComponent(search.value.trim())}`;
    } catch (error) { showProblem(lookup, error); }
  });
  async function load(token) {
    const query = new URLSearchParams({ pageSize: '50' });
    if (status.value) query.set('status', status.value);
    if (createdBy.value) query.set('createdBy', createdBy.value);
    if (token) query.set('continuationToken', token);
    const page = await api('GET', `/users?${query}`);
    table.replaceChildren(page.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['Email', 'Name', 'Status', 'Roles', 'Created by'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, page.items.map(u => h('tr', {},
        h('td', {}, h('a', { href: `#users/${encodeURIComponent(u.email)}` }, u.email)),
        h('td', {}, `${u.firstName} ${u.lastName}`), h('td', {}, badge(u.status)), h('td', {}, u.roles.join(', ')), h('td', {}, createdByWords[u.createdBy] ?? u.createdBy)))))
      : h('p', {}, 'No user matches.'),
      ...(page.continuationToken ? [h('button', { type: 'button', class: 'secondary', onclick: () => load(page.continuationToken) }, 'Next page')] : [])); // replaceChildren would show a null
  }
  main.append(h('h1', {}, 'Users'), h('div', { class: 'grid' }, filters, lookup), h('section', { class: 'card' }, table));
  await load(null);
}

const createdByWords = { feed: 'the feed', platform: 'the platform', scim: 'SCIM' };

const changeWords = { created: 'Created', updated: 'Updated', deactivated: 'Deactivated', reactivated: 'Reactivated' };

// The fields a history entry names, in the words of the user's page.
const fieldWords = {
  email: 'Email', firstName: 'First name', lastName: 'Last name', status: 'Status', blockedByPlatform: 'Blocked by the platform',
  missedFiles: 'Files missed', externalId: 'External id', roles: 'Roles', managers: 'Managers', groups: 'Groups',
  startDate: 'Start date', endDate: 'End date',
};

// Why an inactive user is inactive (inactiveBecause), in the words of the user's page; the platform's block has its own line.
const inactiveWords = {
  statusColumn: "the file's status column says inactive", absence: 'files stopped listing this user', outOfScope: "listed only outside the mapping's scope",
  endDatePassed: 'the end date has passed', startDateToCome: 'the start date is still to come',
};

async function userView(main, email) {
  const u = await api('GET', `/users/${encodeURIComponent(email)}`);
  const [groups, labels] = await Promise.all([u.groups.length ? groupNames(u.groups) : new Map(), customFieldLabels()]);
  const facts = [['Email', u.email], ['First name', u.firstName], ['Last name', u.lastName], ['Status', badge(u.status)],
    ...(inactiveWords[u.inactiveBecause] ? [['Inactive because', inactiveWords[u.inactiveBecause]]] : []),
    ...(u.blockedByPlatform ? [['Blocked', 'deactivated on the platform: files do not reactivate this user until the platform sets them active']] : []),
    ...(u.missedFiles > 0 && u.status === 'active' ? [['Missing from files', `absent from the last ${u.missedFiles} file(s); deactivated once the grace period of the settings is used up`]] : []),
    ...(u.startDate ? [['Start date', u.awaitingStart ? `${u.startDate} (activated on the day)` : u.startDate]] : []),
    ...(u.endDate ? [['End date', u.endDate]] : []),
    ['Roles', u.roles.join(', ')], ['Managers', u.managers.join(', ') || '—'], ['External id', u.externalId ?? '—'],
    ['Groups', u.groups.length ? h('span', { 'data-groups': '' }, u.groups.map((g, i) => [i ? ', ' : '', h('a', { href: `#groups/${encodeURIComponent(g)}` }, groups.get(g))])) : '—'],
    ['Created by', createdByWords[u.createdBy] ?? u.createdBy], ['Created', when(u.createdAt)], ['Updated', when(u.updatedAt)],
    ...Object.entries(u.customFields).map(([k, v]) => [labels.get(k) ?? k, v])];
  const history = h('section', { class: 'card', 'aria-labelledby': 'u-history' }, h('h2', { id: 'u-history' }, 'History'));
  main.append(h('p', {}, h('a', { href: '#users' }, '← Users')), h('h1', {}, `${u.firstName} ${u.lastName}`),
    h('section', { class: 'card' }, h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))), history);
  await historyPage(history, u.email, null, labels);
}

/** The tenant's custom fields' labels by key. */
async function customFieldLabels() {
  return new Map((await api('GET', '/fields')).items.map(f => [f.key, f.label]));
}

/** A page of the user's history, newest first: when, by what, and each value that moved with why; a button reads the next page. */
async function historyPage(section, email, token, labels) {
  const query = new URLSearchParams({ pageSize: '20' });
  if (token) query.set('continuationToken', token);
  const page = await api('GET', `/users/${encodeURIComponent(email)}/history?${query}`);
  if (!token && !page.items.length) section.append(h('p', {}, 'No change recorded (the settings may keep no history).'));
  // Groups are recorded by id, "sales-1a2b (platform)" for a platform membership: shown by their names.
  const groupValues = page.items.flatMap(e => e.changes.filter(c => c.field === 'groups').flatMap(c => [c.from, c.to]));
  const groupIds = groupValues.flatMap(v => (v ? v.split(', ').map(g => g.replace(/ \(platform\)$/, '')) : []));
  const groups = groupIds.length ? await groupNames(groupIds) : new Map();
  const value = (c, v) => (v === null || v === undefined ? '—'
    : c.field === 'groups' ? v.split(', ').map(g => g.replace(/^(.*?)( \(platform\))?$/, (_, id, platform) => (groups.get(id) ?? id) + (platform ?? ''))).join(', ')
      : v);
  const customField = name => { const key = name.replace(/^customFields\./, ''); return labels.get(key) ?? key; };
  const list = h('ol', { class: 'history' }, page.items.map(e => h('li', { 'data-change': e.change },
    h('p', {}, h('strong', {}, changeWords[e.change] ?? e.change), ' ', when(e.at), ' by ',
      e.by === 'import' ? h('a', { href: `#history/${encodeURIComponent(e.importId)}` }, `import ${e.importId}`) : e.by === 'platform' ? 'the platform'
        : e.by === 'scim' ? h('span', { 'data-by': 'scim' }, 'SCIM', e.tokenId ? ` (token ${e.tokenId})` : '') : 'a date falling due',
      e.fileKey ? ` (${e.fileKey})` : ''),
    h('ul', {}, e.changes.map(c => h('li', { 'data-field': c.field }, fieldWords[c.field] ?? customField(c.field),
      `: ${value(c, c.from)} → ${value(c, c.to)}`, c.reason ? h('em', {}, ` (${c.reason})`) : null))))));
  section.append(list);
  if (page.continuationToken) {
    const more = h('button', { type: 'button', class: 'secondary' }, 'Older changes');
    more.addEventListener('click', () => { more.remove(); historyPage(section, email, page.continuationToken, labels).catch(error => showProblem(section, error, null)); });
    section.append(more);
  }
}
