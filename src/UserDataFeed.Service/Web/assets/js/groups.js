// Groups: the tenant's groups (made by the feed when a file first names them), each with its members; a member can be
// added on the platform's side, and a platform membership taken away (the feed's follow the files).
import { api } from './api.js';
import { h, field, showProblem, when } from './ui.js';

// The names of the groups the list showed (and the group's page read).
const names = new Map();

/** The names of the groups with these ids, as a Map (reads the group list until each is found; an unknown id maps to itself). */
export async function groupNames(ids) {
  const wanted = [...new Set(ids)];
  let token = null;
  while (wanted.some(id => !names.has(id))) {
    const query = new URLSearchParams({ pageSize: '100' });
    if (token) query.set('continuationToken', token);
    const page = await api('GET', `/groups?${query}`);
    page.items.forEach(g => names.set(g.id, g.name));
    token = page.continuationToken;
    if (!token) break;
  }
  return new Map(wanted.map(id => [id, names.get(id) ?? id]));
}

export async function groupsView(main) {
  const groupId = decodeURIComponent(location.hash.split('/')[1] || '');
  if (groupId) return groupView(main, groupId);
  const table = h('div', { class: 'table-wrap' });
  async function load(token) {
    const query = new URLSearchParams({ pageSize: '100' });
    if (token) query.set('continuationToken', token);
    const page = await api('GET', `/groups?${query}`);
    page.items.forEach(g => names.set(g.id, g.name));
    table.replaceChildren(page.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['Group', 'Created'].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, page.items.map(g => h('tr', { 'data-group': g.id },
        h('td', {}, h('a', { href: `#groups/${encodeURIComponent(g.id)}` }, g.name)),
        h('td', {}, when(g.createdAt))))))
      : h('p', {}, 'No group yet. Map a Groups column: each group a file names is made then.'),
      ...(page.continuationToken ? [h('button', { type: 'button', class: 'secondary', onclick: () => load(page.continuationToken) }, 'Next page')] : [])); // replaceChildren would show a null
  }
  main.append(h('h1', {}, 'Groups'),
    h('p', {}, 'Groups come from the feed\'s Groups column. Memberships from the files follow each file; those added here stay whatever the files say.'),
    h('section', { class: 'card' }, table));
  await load(null);
}

async function groupView(main, groupId) {
  const list = h('div', { class: 'table-wrap' });
  const count = h('p', { 'data-members': groupId });
  // The group's members counted (the list does not count them: that would cost a store query a group).
  async function counted() {
    const group = await api('GET', `/groups/${encodeURIComponent(groupId)}`);
    names.set(groupId, group.name);
    count.textContent = group.empty ? 'No member: the group is kept (learning may be assigned to it).'
      : `${group.memberCount}${group.moreMembers ? '+' : ''} member${group.memberCount === 1 && !group.moreMembers ? '' : 's'}`;
  }
  const email = h('input', { type: 'email', placeholder: 'name@example.com' });
  const add = h('form', { class: 'card', 'aria-label': 'Add a member' }, field('Add a member (platform)', email, { name: 'email', hint: 'a user of the tenant; the feed never removes this membership' }), h('button', { type: 'submit' }, 'Add'));
  async function load(token) {
    const query = new URLSearchParams({ pageSize: '100' });
    if (token) query.set('continuationToken', token);
    const page = await api('GET', `/groups/${encodeURIComponent(groupId)}/members?${query}`);
    list.replaceChildren(page.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['Member', 'From', ''].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, page.items.map(m => h('tr', { 'data-member': m.email },
        h('td', {}, h('a', { href: `#users/${encodeURIComponent(m.email)}` }, m.email)),
        h('td', {}, m.sources.map(s => (s === 'feed' ? 'the feed' : 'the platform')).join(' and ')),
        h('td', {}, m.sources.includes('platform')
          ? h('button', { type: 'button', class: 'secondary', onclick: event => remove(event.target, m.email) }, `Remove ${m.email} (platform)`)
          : null)))))
      : h('p', {}, 'This group has no member. It stays: learning may be assigned to it.'),
      ...(page.continuationToken ? [h('button', { type: 'button', class: 'secondary', onclick: () => load(page.continuationToken) }, 'Next page')] : [])); // replaceChildren would show a null
  }
  async function remove(button, member) {
    try {
      await api('DELETE', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(member)}`);
      await Promise.all([load(null), counted()]);
    } catch (error) { showProblem(list, error); button.focus(); }
  }
  add.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api('PUT', `/groups/${encodeURIComponent(groupId)}/members/${encodeURIComponent(email.value.trim())}`, { json: {} });
      email.value = '';
      add.querySelectorAll('.problem').forEach(p => p.remove());
      await Promise.all([load(null), counted()]);
    } catch (error) { showProblem(add, error); }
  });
  await counted();
  main.append(h('p', {}, h('a', { href: '#groups' }, '← Groups')), h('h1', {}, names.get(groupId) ?? groupId),
    h('p', { class: 'hint' }, `id ${groupId}`), count, add, h('section', { class: 'card', 'aria-label': 'Members' }, list));
  await load(null);
}
