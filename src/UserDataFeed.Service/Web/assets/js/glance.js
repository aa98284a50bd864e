// The feed at a glance: the newest file and import, held imports, staleness and the age of the S3 keys.
import { api } from './api.js';
import { h, badge, when, age, countsTable, showProblem } from './ui.js';

export async function glanceView(main) {
  const health = await api('GET', '/feed/health');
  const last = health.lastImport;
  main.append(
    h('h1', {}, 'At a glance'),
    health.feedEnabled ? null : h('p', { class: 'notice' }, 'The feed is not enabled for this tenant: files are not imported.'),
    health.pause?.paused ? pausedNotice(health.pause) : null,
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

// A feed that paused itself (issue 16): why, since when, and the button that resumes it.
function pausedNotice(pause) {
  const box = h('section', { class: 'alert', role: 'alert', 'aria-labelledby': 'g-paused' },
    h('h2', { id: 'g-paused' }, 'The feed is paused'),
    h('p', {}, `Since ${when(pause.pausedAt)}: ${pause.reason}`));
  const resume = h('button', { type: 'button', onclick: async () => {
    try {
      const resumed = await api('POST', '/feed/resume');
      box.replaceChildren(h('p', { role: 'status' }, `Resumed: ${resumed.importIds.length} waiting file(s) run now.`));
    } catch (error) { showProblem(box, error, null); }
  } }, 'Resume the feed');
  box.append(resume);
  return box;
}
