// Connect an identity provider (issue 27): the SCIM base URL, SCIM tokens (a new one shown once), the source switch,
// the SCIM deactivations held for an admin, and the provisioning log (recent SCIM requests, failures first).
import { api, currentSession } from './api.js';
import { h, field, showProblem, clearProblems, when, age, replace } from './ui.js';

export async function scimView(main) {
  const [tokens, settings, held, log] = await Promise.all([
    api('GET', '/scim/tokens'), api('GET', '/feed/settings'), api('GET', '/scim/held'), api('GET', '/scim/log?failuresFirst=true')]);
  const tokensCard = h('section', { class: 'card', 'aria-labelledby': 'p-tokens' });
  const heldCard = h('section', { class: 'card', 'aria-labelledby': 'p-held' });
  const logCard = h('section', { class: 'card', 'aria-labelledby': 'p-log' });
  showTokens(tokensCard, tokens.items);
  showHeld(heldCard, held);
  showLog(logCard, log);
  main.append(h('h1', {}, 'Connect an identity provider'),
    h('p', {}, 'An identity provider (Microsoft Entra ID, Okta…) can keep this tenant\'s users over SCIM 2.0 instead of files: give it the base URL and a SCIM token, then make SCIM the source of users.'),
    baseUrlCard(), tokensCard, sourceCard(settings), heldCard, logCard);
}

/** The SCIM base URL: this service's address, as the API gives it with an issued token. */
function baseUrl() {
  return `${location.origin}/api/tenants/${encodeURIComponent(currentSession().tenantId)}/scim/v2`;
}

function baseUrlCard() {
  const url = baseUrl();
  return h('section', { class: 'card', 'aria-labelledby': 'p-url' }, h('h2', { id: 'p-url' }, 'SCIM base URL'),
    h('p', {}, 'Entra ID calls it the Tenant URL, Okta the SCIM connector base URL. The identity provider authenticates with a SCIM token as a bearer token (Okta: "HTTP Header").'),
    h('p', {}, h('code', { 'data-key': 'scimBaseUrl' }, url), ' ', copyButton(url, 'Copy URL')));
}

function copyButton(text, label) {
  return h('button', { type: 'button', class: 'secondary', onclick: async event => {
    try {
      await navigator.clipboard.writeText(text);
      event.target.textContent = 'Copied';
    } catch {
      event.target.textContent = 'Select it and copy it';
    }
  } }, label);
}

function showTokens(card, tokens) {
  const list = tokens.length
    ? h('table', {}, h('thead', {}, h('tr', {}, ['Label', 'Id', 'Issued', 'Expires', 'Last used', ''].map(c => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, tokens.map(t => h('tr', { 'data-token': t.id }, h('td', {}, t.label ?? '—'), h('td', {}, h('code', {}, t.id)),
        h('td', {}, when(t.createdAt)), h('td', {}, when(t.expiresAt)), h('td', { 'data-key': 'lastUsedAt' }, t.lastUsedAt ? when(t.lastUsedAt) : 'never'),
        h('td', {}, h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke token ${t.label ?? t.id}`, onclick: () => revoke(card, t) }, 'Revoke'))))))
    : h('p', {}, 'No SCIM token yet.');
  replace(card, h('h2', { id: 'p-tokens' }, 'SCIM tokens'),
    h('p', {}, 'A token is valid on this tenant\'s SCIM routes only. It is shown once, when issued; revoke it when the identity provider no longer needs it.'),
    list, newTokenForm(card));
}

async function revoke(card, token) {
  if (!confirm(`Revoke the SCIM token ${token.label ?? token.id}? The identity provider using it is refused from its next request.`)) return;
  try {
    await api('DELETE', `/scim/tokens/${encodeURIComponent(token.id)}`);
    showTokens(card, (await api('GET', '/scim/tokens')).items);
  } catch (error) { showProblem(card, error, null); }
}

function newTokenForm(card) {
  const label = h('input', { type: 'text', placeholder: 'e.g. Entra ID', maxlength: '100' });
  const days = h('input', { type: 'number', min: '1', max: '730', value: '365' });
  const form = h('form', { novalidate: true, 'aria-label': 'New SCIM token' }, h('h3', {}, 'New token'),
    h('div', { class: 'grid' }, field('Label', label, { name: 'label' }), field('Expires in days', days, { name: 'expiresInDays', hint: '1 to 730' })),
    h('button', { type: 'submit' }, 'New token'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const issued = await api('POST', '/scim/tokens', { json: { label: label.value.trim() || null, expiresInDays: days.value.trim() === '' ? null : Number(days.value) } });
      clearProblems(form);
      showTokens(card, (await api('GET', '/scim/tokens')).items);
      card.append(issuedTokenNotice(issued));
    } catch (error) { showProblem(form, error, form.children[1]); }
  });
  return form;
}

function issuedTokenNotice(issued) {
  return h('div', { class: 'notice', role: 'status', 'aria-label': 'Issued SCIM token' },
    h('p', {}, h('strong', {}, 'Copy the token now: it will not be shown again. '), `Token ${issued.label ?? issued.id}, expires ${when(issued.expiresAt)}.`),
    h('p', {}, h('code', { class: 'secret', 'data-key': 'scimToken' }, issued.token), ' ', copyButton(issued.token, 'Copy token')),
    h('p', {}, 'Base URL: ', h('code', {}, issued.scimBaseUrl)));
}

const sourceWords = { file: 'the file feed', scim: 'SCIM (an identity provider)' };

// What a switch does, in the words of docs/spec.md §10, asked before it is made.
const switchWarnings = {
  scim: 'Make SCIM the source of users? From now on, files dropped in the bucket are refused (no user changes) and the absence rule deactivates nobody. Users keep their records; the roles and groups the feed granted become SCIM\'s to change.',
  file: 'Make the file feed the source of users? From now on, SCIM clients may only read: their writes are refused. The next file applies as usual against the users as SCIM left them: a user it does not list is absent from it (the safety hold judges how many that deactivates).',
};

function sourceCard(settings) {
  const card = h('section', { class: 'card', 'aria-labelledby': 'p-source' });
  const show = current => {
    const other = current === 'scim' ? 'file' : 'scim';
    const status = h('p', { role: 'status' });
    replace(card, h('h2', { id: 'p-source' }, 'Source of users'),
      h('p', {}, 'This tenant\'s users come from ', h('strong', { 'data-key': 'source' }, sourceWords[current] ?? current), '.'),
      h('button', { type: 'button', onclick: async () => {
        if (!confirm(switchWarnings[other])) return;
        try {
          await api('PUT', '/feed/settings', { json: settingsBody(settings, other) });
          settings = { ...settings, source: other };
          show(other);
          card.querySelector('[role=status]').textContent = `Saved: users now come from ${sourceWords[other]}.`;
        } catch (error) { showProblem(card, error, null); }
      } }, other === 'scim' ? 'Make SCIM the source' : 'Make the file feed the source'), status);
  };
  show(settings.source ?? 'file');
  return card;
}

/** The settings as loaded with another source (a PUT replaces them all). */
function settingsBody(s, source) {
  return {
    hold: s.hold, staleAfter: s.staleAfter ?? null, deactivateAfterMissingFiles: s.deactivateAfterMissingFiles, timeZone: s.timeZone,
    pauseAfterFailedFiles: s.pauseAfterFailedFiles, historyRetentionDays: s.historyRetentionDays, source, scimHoldWindow: s.scimHoldWindow ?? null,
  };
}

const heldWords = { waiting: 'Waiting', approved: 'Approved', rejected: 'Rejected' };

function showHeld(card, held) {
  const w = held.window;
  const waiting = held.items.filter(u => u.state === 'waiting');
  const decide = (decision, userIds) => async () => {
    try {
      await api('POST', `/scim/held/${decision}`, { json: { userIds } });
      showHeld(card, await api('GET', '/scim/held'));
    } catch (error) { showProblem(card, error, null); }
  };
  replace(card, h('h2', { id: 'p-held' }, 'Held SCIM deactivations'),
    h('p', { 'data-key': 'window' }, `In the last ${age(w.window)}: ${w.admitted} deactivated by SCIM, of ${w.allowedWithoutApproval} allowed without an admin (more than ${w.threshold.percent}% and more than ${w.threshold.minimum} of ${w.activeUsers} active users). `,
      'A held deactivation is written when the identity provider retries after an approval; a rejection refuses it for one window.'),
    held.items.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['User', 'State', 'Asked', 'Last asked', 'By token', ''].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, held.items.map(u => h('tr', { 'data-held': u.email },
          h('td', {}, u.email), h('td', {}, h('span', { class: `badge ${u.state}`, 'data-status': u.state }, heldWords[u.state] ?? u.state), u.until ? ` until ${when(u.until)}` : ''),
          h('td', {}, `${u.asks} × ${u.operation}`), h('td', {}, when(u.lastAskedAt)), h('td', {}, h('code', {}, u.tokenId)),
          h('td', {}, u.state !== 'approved' ? h('button', { type: 'button', 'aria-label': `Approve deactivating ${u.email}`, onclick: decide('approve', [u.userId]) }, 'Approve') : null,
            u.state === 'waiting' ? h('button', { type: 'button', class: 'danger', 'aria-label': `Reject deactivating ${u.email}`, onclick: decide('reject', [u.userId]) }, 'Reject') : null)))))
      : h('p', {}, 'No SCIM deactivation is waiting.'),
    waiting.length > 1 ? h('div', {}, h('button', { type: 'button', onclick: decide('approve', null) }, `Approve all ${waiting.length}`),
      h('button', { type: 'button', class: 'danger', onclick: decide('reject', null) }, `Reject all ${waiting.length}`)) : null);
}

function showLog(card, log) {
  const refresh = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    try { showLog(card, await api('GET', '/scim/log?failuresFirst=true')); } catch (error) { showProblem(card, error, null); }
  } }, 'Refresh');
  replace(card, h('h2', { id: 'p-log' }, 'Provisioning log'),
    h('p', {}, `The identity provider's recent requests (the last ${log.keep}), failures first, each part newest first. Requests refused before they reach the service (a missing or wrong token) are not listed.`),
    log.items.length
      ? h('table', { class: 'scim-log' }, h('thead', {}, h('tr', {}, ['When', 'Request', 'Outcome', 'Detail', 'Token'].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, log.items.map(e => h('tr', { 'data-status': e.status, 'data-failed': String(e.failed) },
          h('td', {}, when(e.at)), h('td', {}, h('code', {}, `${e.method} ${e.path}`)),
          h('td', {}, h('span', { class: `badge ${e.failed ? 'failed' : 'completed'}` }, String(e.status))),
          h('td', {}, e.scimType ? h('code', {}, e.scimType) : null, e.scimType && e.detail ? ' ' : null, e.detail ?? ''),
          h('td', {}, h('code', {}, e.tokenId))))))
      : h('p', {}, 'No SCIM request yet.'),
    refresh);
}
