// The feed at a glance: the newest file and import, held imports, staleness and the age of the S3 keys.
import { api } from './api.js';
import { h, badge, when, age, countsTable } from './ui.js';

export async function glanceView(main) {
  const health = await api('GET', '/feed/health');
  const last = health.lastImport;
  main.append(
    h('h1', {}, 'At a glance'),
    health.feedEnabled ? null : h('p', { class: 'notice' }, 'The feed is not enabled for this tenant: files are not imported.'),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'g-file' },
        h('h2', { id: 'g-file' }, 'Last file'),
        health.lastFile
          ? h('dl', { class: 'facts' }, h('dt', {}, 'file'), h('dd', {}, health.lastFile.key), h('dt', {}, 'arrived'), h('dd', {}, when(health.lastFile.arrivedAt)))
          : h('p', {}, 'No file has arrived yet.'),
        h('p', {}, health.stale ? h('span', { class: 'badge failed' }, 'stale') : h('span', { class: 'badge active' }, 'not stale'),
          health.staleAfter ? ` (stale after ${age(health.staleAfter)} without a file)` : ' (no staleness limit set)')),
      h('section', { class: 'card', 'aria-labelledby': 'g-import' },
        h('h2', { id: 'g-import' }, 'Last import'),
        last
          ? [h('p', {}, badge(last.status), ` finished ${when(last.finishedAt)}`), countsTable(last.counts)]
          : h('p', {}, 'No import has finished yet.')),
      h('section', { class: 'card', 'aria-labelledby': 'g-held' },
        h('h2', { id: 'g-held' }, 'Held imports'),
        health.heldImportIds.length
          ? h('ul', {}, health.heldImportIds.map(id => h('li', {}, h('a', { href: `#history/${encodeURIComponent(id)}` }, id))))
          : h('p', {}, 'None.')),
      h('section', { class: 'card', 'aria-labelledby': 'g-keys' },
        h('h2', { id: 'g-keys' }, 'S3 keys'),
        health.keys.length
          ? h('ul', {}, health.keys.map(k => h('li', {}, h('code', {}, k.accessKeyId), ` — ${age(k.age)} old`)))
          : h('p', {}, 'No key issued yet: ', h('a', { href: '#setup' }, 'set up the feed'), '.'))));
}
