// The console's shell: hash routes to pages, the live short poll, the sign-in.
import {SignInNeeded, signIn, signOut, token} from './api.js';
import {h, replace} from './dom.js';
import * as overview from './overview.js';
import * as jobs from './jobs.js';
import * as job from './job.js';
import * as submit from './submit.js';
import * as dead from './dead.js';
import * as schedules from './schedules.js';
import * as workers from './workers.js';

const PAGES = {overview, jobs, job, submit, dead, schedules, workers};
/** The longest wait between two polls while the API does not answer. */
const MAX_BACKOFF_MS = 30_000;

const view = document.getElementById('view');
const live = document.getElementById('live');
const signOutButton = document.getElementById('sign-out');

/** The page on screen and its poll: one request chain in flight at most, none while the tab is hidden. */
let current = null;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  const params = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return {name: 'overview', params};
  if (parts[0] === 'jobs' && parts[1]) return {name: 'job', id: parts[1], params};
  if (parts[0] === 'submit') return {name: 'submit', id: parts[1], params};
  if (PAGES[parts[0]]) return {name: parts[0], params};
  return {name: 'missing', params};
}

function show() {
  stop();
  const where = route();
  for (const link of document.querySelectorAll('nav a[data-route]')) {
    const active = link.dataset.route === where.name || (where.name === 'job' && link.dataset.route === 'jobs');
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  signOutButton.hidden = !token();
  if (where.name === 'missing') {
    replace(view, h('section', {}, h('h1', {}, 'No such page'), h('p', {}, h('a', {href: '#/'}, 'Back to the overview'))));
    return;
  }
  const page = PAGES[where.name];
  const state = {timer: null, controller: null, pending: false, backoff: 0, page: null};
  current = state;
  const context = {
    route: where,
    refreshNow: () => poll(state),
    signInNeeded: () => showSignIn(),
  };
  try {
    state.page = page.mount(view, context) || {};
  } catch (error) {
    failed(error);
    return;
  }
  document.title = `${state.page.title || 'Console'} · Product Scanner`;
  poll(state);
}

/** Runs the page's refresh now (once the one in flight ends), then again after its interval. */
async function poll(state) {
  if (state !== current || !state.page.refresh) return;
  clearTimeout(state.timer);
  state.timer = null;
  if (document.hidden) {
    live.textContent = 'paused while the tab is hidden';
    return;
  }
  if (state.controller) {
    state.pending = true; // asked again while a refresh runs: run once more after it
    return;
  }
  state.controller = new AbortController();
  try {
    await state.page.refresh(state.controller.signal);
    if (state !== current) return;
    state.backoff = 0;
    refusedBefore = false;
    live.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
    live.classList.remove('stale');
  } catch (error) {
    if (state !== current || error.name === 'AbortError') return;
    if (error instanceof SignInNeeded) {
      showSignIn();
      return;
    }
    state.backoff = Math.min(MAX_BACKOFF_MS, (state.backoff || 1000) * 2);
    live.textContent = `not updated: ${error.message}; trying again`;
    live.classList.add('stale');
  } finally {
    if (state === current) state.controller = null;
  }
  if (state !== current) return;
  if (state.pending) {
    state.pending = false;
    return poll(state);
  }
  schedule(state);
}

function schedule(state) {
  const interval = state.page.interval;
  if (!interval || state !== current) return;
  state.timer = setTimeout(() => poll(state), Math.max(interval, state.backoff));
}

function stop() {
  if (!current) return;
  clearTimeout(current.timer);
  current.controller?.abort();
  current = null;
}

function failed(error) {
  if (error instanceof SignInNeeded) {
    showSignIn();
    return;
  }
  replace(view, h('section', {}, h('h1', {}, 'Something went wrong'), h('p', {class: 'error'}, error.message)));
}

/** Whether a token was just given and not yet accepted: a refusal then means it was wrong. */
let refusedBefore = false;

/** The sign-in: asks for the API token once per browser session. */
function showSignIn() {
  const refused = refusedBefore;
  stop();
  live.textContent = 'signed out';
  signOutButton.hidden = true;
  const input = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const form = h('form', {class: 'card sign-in', onsubmit: event => {
    event.preventDefault();
    if (!input.value.trim()) return;
    signIn(input.value);
    refusedBefore = true;
    show();
  }},
  h('h1', {}, 'Sign in'),
  refused ? h('p', {class: 'error', role: 'alert'}, 'The API refused that token.') : null,
  h('label', {for: 'token'}, 'API token'),
  input,
  h('p', {id: 'token-help', class: 'muted'},
    'This API needs the token it was started with (API_TOKEN). It is kept for this browser tab only ',
    '(sessionStorage) and sent in the Authorization header of each call.'),
  h('button', {type: 'submit'}, 'Sign in'));
  replace(view, form);
  input.focus();
}

signOutButton.addEventListener('click', () => {
  signOut();
  refusedBefore = false;
  showSignIn();
});

document.addEventListener('visibilitychange', () => {
  if (!current) return;
  if (document.hidden) {
    clearTimeout(current.timer);
    current.timer = null;
    live.textContent = 'paused while the tab is hidden';
  } else {
    poll(current);
  }
});

window.addEventListener('hashchange', () => {
  show();
  view.focus({preventScroll: true});
});

show();
