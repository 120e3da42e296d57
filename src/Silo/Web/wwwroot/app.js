// The console's shell: sign-in, the caller's role, hash routing and polling (every page re-reads the API every 10 s).
import { api, ApiError, token } from './api.js';
import { h } from './dom.js';
import { overview } from './overview.js';
import { incidents } from './incidents.js';
import { incident } from './incident.js';
import { host } from './host.js';
import { sources } from './sources.js';

const PollMs = 10_000;
const Ranks = { read: 1, feedback: 2, admin: 3 };

const view = document.getElementById('view');
const login = document.getElementById('login');
const who = document.getElementById('who');
const signOut = document.getElementById('sign-out');

/** What a page gets: the caller, whether they may change things, and a way to show what it changed. */
const session = {
  me: null,
  can: role => session.me !== null && Ranks[session.me.role] >= Ranks[role],
  refresh: () => render(false),
};

const routes = [
  [/^#\/incidents(?:\?(.*))?$/, m => incidents(session, new URLSearchParams(m[1] ?? '')), 'incidents'],
  [/^#\/incident\/([^/?]+)$/, m => incident(session, decodeURIComponent(m[1])), 'incidents'],
  [/^#\/host\/([^/]+)\/([^/?]+)$/, m => host(session, decodeURIComponent(m[1]), decodeURIComponent(m[2])), 'overview'],
  [/^#\/sources$/, () => sources(session), 'sources'],
  [/.*/, () => overview(session), 'overview'],
];

let generation = 0;

// Renders the current route; a poll (first = false) keeps the page when the operator is typing in one of its fields,
// whether they were when it started or began while it read the API.
const typing = () => view.contains(document.activeElement) && document.activeElement.matches('input, select, textarea');

async function render(first) {
  if (!first && typing()) return;
  const mine = ++generation;
  const [pattern, page, nav] = routes.find(([pattern]) => pattern.test(location.hash));
  for (const link of document.querySelectorAll('header nav a')) {
    if (link.id === `nav-${nav}`) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  try {
    const content = await page(location.hash.match(pattern));
    if (mine !== generation || (!first && typing())) return;
    const focused = document.activeElement?.id;
    view.replaceChildren(content);
    view.dataset.loaded = location.hash || '#/overview';
    if (focused) document.getElementById(focused)?.focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin(error.message);
    if (mine === generation) view.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load: ${error.message}`));
  }
}

function showLogin(message) {
  view.hidden = true;
  login.hidden = false;
  signOut.hidden = true;
  who.textContent = '';
  document.getElementById('login-error').textContent = message && token.get() ? message : '';
  document.getElementById('token').focus();
}

async function start() {
  try {
    session.me = await api('/api/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin(error.message);
    view.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The API did not answer: ${error.message}`));
    return;
  }
  login.hidden = true;
  view.hidden = false;
  signOut.hidden = !token.get();
  who.textContent = `${session.me.name} (${session.me.role})`;
  await render(true);
}

login.addEventListener('submit', async event => {
  event.preventDefault();
  token.set(document.getElementById('token').value.trim());
  document.getElementById('token').value = '';
  await start();
});
signOut.addEventListener('click', () => {
  token.clear();
  session.me = null;
  showLogin('');
});
window.addEventListener('hashchange', async () => {
  await render(true);
  view.focus();
});
setInterval(() => { if (session.me && !view.hidden) render(false); }, PollMs);
start();
