// The feed at a glance: the newest file and import, held imports, staleness and the age of the S3 keys.
import { api } from './api.js';
import { h, put, badge, when, age, countsTable, showProblem } from './ui.js';

export async function glanceView(main) {
  const health = await api('GET', '/feed/health');
  const last = health.lastImport;
  // The health names the last import's status only; a failed one is read for its reason (its counts are all zero).
  const failed = last?.status === 'failed'
    ? await api('GET', `/feed/imports/${encodeURIComponent(last.importId)}`).catch(error => (error.status === 404 ? {} : Promise.reject(error)))
    : null;
  put(main,
    h('h1', {}, 'At a glance'),
    health.feedEnabled ? null : h('p', { class: 'notice' }, 'The feed is not enabled for this tenant: files are not imported. The operator turns it on.'),
    health.pause?.paused ? pausedNotice(health.pause) : null,
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'g-file' },
        h('h2', { id: 'g-file' }, 'Last file'),
        health.lastFile
          ? h('dl', { class: 'facts' }, h('dt', {}, 'File'), h('dd', {}, health.lastFile.key), h('dt', {}, 'Arrived'), h('dd', {}, when(health.lastFile.arrivedAt)))
          : h('p', {}, 'No file has arrived yet.'),
        h('p', {}, health.stale ? h('span', { class: 'badge failed' }, 'Stale') : h('span', { class: 'badge active' }, 'Up to date'),
          health.staleAfter ? ` (stale after ${age(health.staleAfter)} without a new file)` : ' (no staleness limit set)')),
      h('section', { class: 'card', 'aria-labelledby': 'g-import' },
        h('h2', { id: 'g-import' }, 'Last import'),
        last
          ? [h('p', {}, badge(last.status), ` finished ${when(last.finishedAt)} · `, h('a', { href: `#history/${encodeURIComponent(last.importId)}` }, 'details')),
            failed
              ? [h('p', { class: 'alert', 'data-reason': '' }, failed.reason ?? 'The file could not be imported.'),
                h('p', { class: 'hint' }, 'Nothing from this file was applied. ', h('a', { href: '#settings' }, 'Check the mapping in Settings'), ', then ask IT to upload the file again.')]
              : countsTable(last.counts)]
          : h('p', {}, 'No import has finished yet.')),
      h('section', { class: 'card', 'aria-labelledby': 'g-held' },
        h('h2', { id: 'g-held' }, 'Held imports'),
        health.heldImportIds.length
          ? [h('p', { class: 'hint' }, 'Each waits for you to approve or reject it.'),
            h('ul', {}, health.heldImportIds.map(id => h('li', {}, h('a', { href: `#history/${encodeURIComponent(id)}` }, id))))]
          : h('p', {}, 'None.')),
      h('section', { class: 'card', 'aria-labelledby': 'g-keys' },
        h('h2', { id: 'g-keys' }, 'S3 keys'),
        health.keys.length
          ? h('ul', {}, health.keys.map(k => h('li', {}, h('code', {}, k.accessKeyId), ` — issued ${age(k.age)} ago`)))
          : h('p', {}, 'No key issued yet: ', h('a', { href: '#setup' }, 'set up the feed'), '.'))));
}

// A feed that paused itself (issue 16): why, since when, and the button that resumes it.
function pausedNotice(pause) {
  const box = h('section', { class: 'alert', role: 'alert', 'aria-labelledby': 'g-paused' },
    h('h2', { id: 'g-paused' }, 'The feed is paused'),
    h('p', {}, `Since ${when(pause.pausedAt)}: ${pause.reason}`),
    h('p', {}, 'Fix what made the files fail (often the mapping, in Settings), then resume: the files waiting meanwhile run in order.'));
  const resume = h('button', { type: 'button', onclick: async () => {
    try {
      const resumed = await api('POST', '/feed/resume');
      box.replaceChildren(h('p', { role: 'status' }, `Resumed: ${resumed.importIds.length} waiting file(s) run now.`));
    } catch (error) { showProblem(box, error, null); }
  } }, 'Resume the feed');
  box.append(resume);
  return box;
}
