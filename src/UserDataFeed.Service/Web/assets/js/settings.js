// Settings: the mapping (saved over the version read, so two admins cannot overwrite each other), the hold
// threshold and staleness, and the S3 keys (issue a second one, revoke one).
import { api } from './api.js';
import { h, field, showProblem, clearProblems, when, spanParts } from './ui.js';
import { mappingFields, scopeFields, issuedKeyCard } from './mapping-form.js';
import { webhooksCard } from './webhooks.js';

export async function settingsView(main) {
  main.append(h('h1', {}, 'Settings'));
  const [mapping, customFields, settings, connection] = await Promise.all([
    api('GET', '/feed/mapping').catch(e => (e.status === 404 ? null : Promise.reject(e))),
    api('GET', '/fields'), api('GET', '/feed/settings'), api('GET', '/feed/connection')]);
  main.append(mappingForm(mapping, customFields.items), settingsForm(settings), keysCard(connection), await webhooksCard());
}

function mappingForm(mapping, customFields) {
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 's-mapping' }, h('h2', { id: 's-mapping' }, 'Mapping rules'),
    h('p', {}, mapping ? `Version ${mapping.version}, saved ${when(mapping.updatedAt)}. Type the file's column name for each field.` : 'No mapping is saved: the feed is paused until one is. Use the set-up wizard to start from a sample file.'));
  const read = mappingFields(form, { current: mapping?.fields ?? {}, transforms: mapping?.transforms ?? {}, customFields });
  const readScope = scopeFields(form, { current: mapping?.scope ?? [] });
  const status = h('p', { role: 'status' });
  let etag = mapping?.etag;
  form.append(h('div', {}, h('button', { type: 'submit' }, 'Save mapping'),
    mapping ? h('button', { type: 'button', class: 'danger', onclick: reset }, 'Reset mapping') : null), status);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    status.textContent = '';
    try {
      const saved = await api('PUT', '/feed/mapping', { json: { ...read(), scope: readScope() }, headers: etag ? { 'If-Match': etag } : {} });
      etag = saved.etag;
      clearProblems(form);
      status.textContent = `Saved as version ${saved.version}.`;
    } catch (error) {
      const box = showProblem(form, error, form.children[1]);
      if (error.status === 412) box.append(h('div', {}, 'Someone saved the mapping after you opened this page. Reload to see their version, then make your change again.'));
    }
  });
  async function reset() {
    if (!confirm('Reset the mapping? The feed pauses until a new one is saved.')) return;
    try {
      await api('DELETE', '/feed/mapping');
      location.reload();
    } catch (error) { showProblem(form, error, null); }
  }
  return form;
}

function settingsForm(settings) {
  const percent = h('input', { type: 'number', min: '0', max: '100', value: settings.hold.percent });
  const minimum = h('input', { type: 'number', min: '0', value: settings.hold.minimum });
  // Staleness as a whole number of days or hours (the API's duration is "d.hh:mm:ss").
  const staleParts = spanParts(settings.staleAfter);
  const inDays = staleParts && !staleParts.hours && !staleParts.minutes;
  const stale = h('input', { type: 'number', min: '1', step: '1', value: !staleParts ? '' : inDays ? staleParts.days : staleParts.days * 24 + staleParts.hours + (staleParts.minutes ? 1 : 0) });
  const staleUnit = h('select', { class: 'unit', 'aria-label': 'Stale after: unit' }, h('option', { value: 'days', selected: !staleParts || inDays }, 'days'), h('option', { value: 'hours', selected: !!staleParts && !inDays }, 'hours'));
  const missing = h('input', { type: 'number', min: '1', max: '30', value: settings.deactivateAfterMissingFiles });
  const zone = h('input', { type: 'text', value: settings.timeZone, placeholder: 'e.g. Europe/London', list: 's-zones' });
  const zones = h('datalist', { id: 's-zones' }, (Intl.supportedValuesOf?.('timeZone') ?? []).map(z => h('option', { value: z })));
  const pauseAfter = h('input', { type: 'number', min: '0', max: '100', value: settings.pauseAfterFailedFiles ?? 5 });
  const keepHistory = h('input', { type: 'number', min: '0', max: '3650', value: settings.historyRetentionDays ?? 400 });
  const status = h('p', { role: 'status' });
  const form = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 's-feed' }, h('h2', { id: 's-feed' }, 'Safety hold, absence and dates'),
    h('p', {}, 'A file that would deactivate more than this share of the feed\'s active users, and more than the minimum, is held until an admin approves it.'),
    field('Hold above this percentage', percent, { name: 'hold.percent' }),
    field('and above this many users', minimum, { name: 'hold.minimum' }),
    field('Stale after', stale, { name: 'staleAfter', hint: 'how long without a new file before the feed shows as stale (and the feed.stale webhook is sent); empty for never' }), staleUnit,
    field('Deactivate after this many files without the user', missing, { name: 'deactivateAfterMissingFiles', hint: '1 deactivates a feed user on the first file that leaves them out; more gives a grace period, and the user shows the files missed' }),
    field('Time zone of start and end dates', zone, { name: 'timeZone', hint: 'an IANA time zone; a date is a whole day there' }), zones,
    field('Pause after this many failed files in a row', pauseAfter, { name: 'pauseAfterFailedFiles', hint: '0 for never; a paused feed waits for an admin to resume it' }),
    field('Keep each user\'s history for this many days', keepHistory, { name: 'historyRetentionDays', hint: '0 records no history; older entries are removed once a day' }),
    h('button', { type: 'submit' }, 'Save settings'), status);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    status.textContent = '';
    const number = input => (input.value.trim() === '' ? null : Number(input.value));
    const staleAfter = staleSpan(stale.value.trim(), staleUnit.value);
    if (staleAfter === undefined) {
      showProblem(form, { problem: { title: 'Some values are not valid.' }, fieldErrors: { staleAfter: ['Enter a whole number of days or hours, or leave it empty for never.'] } }, form.children[1]);
      return;
    }
    try {
      await api('PUT', '/feed/settings', { json: {
        hold: { percent: number(percent), minimum: number(minimum) }, staleAfter,
        deactivateAfterMissingFiles: number(missing), timeZone: zone.value.trim() || null, pauseAfterFailedFiles: number(pauseAfter),
        historyRetentionDays: number(keepHistory), source: settings.source, // kept as it is: the switch is the identity provider panel's
        scimHoldWindow: settings.scimHoldWindow ?? null, // no field of its own here yet: saved as loaded, so saving the page keeps it
      } });
      clearProblems(form);
      status.textContent = 'Saved.';
    } catch (error) { showProblem(form, error, form.children[1]); }
  });
  return form;
}

/** A whole number of days or hours as the API's duration ("d.hh:00:00"); null when blank, undefined when not a whole number above 0. */
function staleSpan(text, unit) {
  if (text === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) return undefined;
  const hours = unit === 'days' ? n * 24 : n;
  return `${Math.floor(hours / 24)}.${String(hours % 24).padStart(2, '0')}:00:00`;
}

function keysCard(connection) {
  const card = h('section', { class: 'card', 'aria-labelledby': 's-keys' }, h('h2', { id: 's-keys' }, 'S3 keys'),
    h('p', {}, `Bucket ${connection.bucket} at ${connection.endpoint} (${connection.region}). Two keys may be active at once: issue the second, give it to IT, then revoke the first.`));
  const list = h('ul', {}, connection.keys.map(k => h('li', {}, h('code', {}, k.accessKeyId), ` issued ${when(k.createdAt)} `,
    h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke key ${k.accessKeyId}`, onclick: async () => {
      if (!confirm(`Revoke ${k.accessKeyId}? Uploads with it stop working at once.`)) return;
      try {
        await api('DELETE', `/feed/connection/keys/${encodeURIComponent(k.accessKeyId)}`);
        location.reload();
      } catch (error) { showProblem(card, error, null); }
    } }, 'Revoke'))));
  const issue = h('button', { type: 'button' }, connection.keys.length ? 'Issue a second key' : 'Issue a key');
  issue.addEventListener('click', async () => {
    try {
      card.append(issuedKeyCard(await api('POST', '/feed/connection/keys')));
      issue.remove();
    } catch (error) { showProblem(card, error, issue); }
  });
  card.append(connection.keys.length ? list : h('p', {}, 'No key issued.'), issue);
  return card;
}
