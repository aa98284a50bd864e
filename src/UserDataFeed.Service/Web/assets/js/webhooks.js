// Webhooks in the settings (issue 16): each webhook with its events and latest deliveries, a form to add one (its
// secret is shown once), and delete.
import { api } from './api.js';
import { h, field, showProblem, clearProblems, when, statusWords } from './ui.js';

const events = ['import.completed', 'import.completedWithErrors', 'import.failed', 'import.held', 'feed.stale', 'feed.paused'];

// What each event means, beside its name (the name is what the receiver gets).
const eventWords = {
  'import.completed': 'a file was applied',
  'import.completedWithErrors': 'a file was applied except for rows with errors',
  'import.failed': 'a file failed and nothing was applied',
  'import.held': 'a file is held for approval',
  'feed.stale': 'no new file for longer than the staleness setting',
  'feed.paused': 'the feed paused itself after failed files',
};

export async function webhooksCard() {
  const hooks = (await api('GET', '/feed/webhooks')).items;
  const card = h('section', { class: 'card', 'aria-labelledby': 's-webhooks' }, h('h2', { id: 's-webhooks' }, 'Webhooks'),
    h('p', {}, 'The service posts each chosen event to the URL, signed with the webhook\'s secret (header X-UserDataFeed-Signature), and retries until the receiver answers 2xx.'));
  card.append(hooks.length ? h('ul', { class: 'webhooks' }, hooks.map(hook => hookItem(card, hook))) : h('p', {}, 'No webhook yet.'), addForm(card));
  return card;
}

function hookItem(card, hook) {
  const deliveries = h('div', {});
  const details = h('details', {}, h('summary', {}, `Deliveries of ${hook.name}`), deliveries);
  details.addEventListener('toggle', async () => {
    if (!details.open || deliveries.childElementCount) return;
    try {
      const items = (await api('GET', `/feed/webhooks/${encodeURIComponent(hook.name)}/deliveries?pageSize=20`)).items;
      deliveries.append(items.length
        ? h('table', {}, h('thead', {}, h('tr', {}, ['Event', 'Status', 'Attempts', 'Last answer', 'Created'].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, items.map(d => {
            const last = d.attempts[d.attempts.length - 1];
            return h('tr', {}, h('td', {}, d.event), h('td', {}, h('span', { class: `badge ${d.status === 'delivered' ? 'completed' : d.status}`, 'data-status': d.status }, statusWords[d.status] ?? d.status)),
              h('td', {}, String(d.attemptCount)), h('td', {}, last ? (last.statusCode ?? last.error ?? '') : '—'), h('td', {}, when(d.createdAt)));
          })))
        : h('p', {}, 'No delivery yet.'));
    } catch (error) { showProblem(deliveries, error, null); }
  });
  return h('li', {}, h('strong', {}, hook.name), ' → ', h('code', {}, hook.url), h('div', { class: 'hint' }, hook.events.join(', ')),
    h('button', { type: 'button', class: 'danger', 'aria-label': `Delete webhook ${hook.name}`, onclick: async () => {
      if (!confirm(`Delete the webhook ${hook.name}? Its pending deliveries are given up.`)) return;
      try {
        await api('DELETE', `/feed/webhooks/${encodeURIComponent(hook.name)}`);
        location.reload();
      } catch (error) { showProblem(card, error, null); }
    } }, 'Delete'), details);
}

function addForm(card) {
  const name = h('input', { type: 'text', placeholder: 'e.g. ops' });
  const url = h('input', { type: 'url', placeholder: 'https://hooks.example.com/udf' });
  const boxes = events.map(e => h('input', { type: 'checkbox', value: e, checked: e !== 'import.completed' }));
  const status = h('div', { role: 'status' });
  const form = h('form', { novalidate: true, 'aria-label': 'Add a webhook' }, h('h3', {}, 'Add a webhook'),
    field('Name', name, { name: 'name', required: true }),
    field('URL', url, { name: 'url', required: true }),
    h('fieldset', { 'data-field': 'events' }, h('legend', {}, 'Events'), boxes.map(b => h('label', {}, b, ` ${b.value} `, h('span', { class: 'hint' }, `(${eventWords[b.value]})`)))),
    h('button', { type: 'submit' }, 'Add webhook'), status);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    status.textContent = '';
    try {
      const saved = await api('PUT', `/feed/webhooks/${encodeURIComponent(name.value.trim())}`,
        { json: { url: url.value.trim(), events: boxes.filter(b => b.checked).map(b => b.value) } });
      clearProblems(form);
      status.append(h('p', {}, `Webhook ${saved.name} saved.`),
        saved.secret ? h('p', {}, 'Its secret, shown this once: ', h('code', { class: 'secret' }, saved.secret)) : null);
    } catch (error) { showProblem(form, error, form.children[1]); }
  });
  return form;
}
