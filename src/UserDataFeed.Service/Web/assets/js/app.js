// The admin page: sign in, then one view per section, chosen by the URL's fragment (never a token in it).
import { api, currentSession, saveSession, endSession } from './api.js';
import { h, field, showProblem } from './ui.js';
import { glanceView } from './glance.js';
import { setupView } from './setup.js';
import { historyView } from './history.js';
import { settingsView } from './settings.js';
import { usersView } from './users.js';
import { groupsView } from './groups.js';
import { scimView } from './scim.js';

const views = { glance: glanceView, setup: setupView, history: historyView, settings: settingsView, users: usersView, groups: groupsView, scim: scimView };
const main = document.getElementById('main');

function signInView() {
  const tenant = h('input', { type: 'text', autocomplete: 'organization', spellcheck: 'false' });
  const token = h('input', { type: 'password', autocomplete: 'off' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Use a tenant admin token (issued by the operator), or the operator key with the tenant id. The token stays in this tab only and is cleared when you sign out or close the tab.'),
    field('Tenant id', tenant, { name: 'tenantId', required: true }),
    field('Token', token, { name: 'token', required: true, hint: 'tenant admin token or operator key' }),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const session = { tenantId: tenant.value.trim(), token: token.value.trim() };
    try {
      await api('GET', '/feed/health', { session });
      saveSession(session.tenantId, session.token);
      if (location.hash === '#glance') render(); else location.hash = '#glance';
    } catch (error) {
      showProblem(form, signInProblem(error, session.tenantId), form.children[1]);
    }
  });
  return form;
}

// What a refused sign-in means to the person signing in (the API's own wording is for programs calling it).
function signInProblem(error, tenantId) {
  const title = {
    401: 'This token is not valid: it may be mistyped, revoked or expired. Ask the operator for a new one if it keeps failing.',
    403: `This token is not for tenant ${tenantId}. Check the tenant id.`,
    404: `There is no tenant ${tenantId}. Check the tenant id.`,
  }[error.status];
  return title ? { problem: { title } } : error;
}

let rendering = 0;

// Each view is built off-screen and shown only if no later render started meanwhile (a sign-in sets the
// fragment, which renders again).
async function render() {
  const mine = ++rendering;
  const session = currentSession();
  document.getElementById('nav').hidden = !session;
  document.getElementById('sign-out').hidden = !session;
  document.getElementById('who').textContent = session ? `tenant ${session.tenantId}` : '';
  main.replaceChildren();
  if (!session) {
    main.append(signInView());
    return;
  }
  const name = location.hash.slice(1).split('/')[0] || 'glance';
  const view = views[name] || glanceView;
  document.querySelectorAll('#nav a').forEach(a => a.toggleAttribute('aria-current', a.getAttribute('href') === `#${name}`));
  document.querySelectorAll('#nav a[aria-current]').forEach(a => a.setAttribute('aria-current', 'page'));
  const page = h('div');
  try {
    await view(page);
  } catch (error) {
    if (error.status === 401) { endSession(); render(); return; }
    page.replaceChildren(h('h1', {}, 'Something went wrong'));
    showProblem(page, error, null);
  }
  if (mine === rendering) main.replaceChildren(page);
}

document.getElementById('sign-out').addEventListener('click', () => {
  endSession();
  history.replaceState(null, '', location.pathname);
  render();
});
window.addEventListener('hashchange', () => { render(); main.focus(); });
render();
