import { call, session } from './api.js';
import { $ } from './dom.js';
import * as upstreams from './upstreams.js';
import * as tenants from './tenants.js';
import * as costs from './costs.js';
import * as prompts from './prompts.js';

const PAGES = { upstreams, tenants, costs, prompts };
let current = null;

function tabs() {
  return [...document.querySelectorAll('#tabs [role="tab"]')];
}

function open(name) {
  if (current) {
    PAGES[current].leave?.();
  }
  current = name;
  for (const tab of tabs()) {
    const selected = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute('aria-controls')).hidden = !selected;
  }
  PAGES[name].enter();
}

function showConsole(signedIn) {
  $('login').hidden = signedIn;
  $('tabs').hidden = !signedIn;
  $('logout').hidden = !signedIn;
  if (signedIn) {
    open(current || 'upstreams');
  } else {
    if (current) {
      PAGES[current].leave?.();
    }
    for (const name of Object.keys(PAGES)) {
      $(`page-${name}`).hidden = true;
    }
    $('admin-key').focus();
  }
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('admin-key').value.trim();
  const error = $('login-error');
  error.textContent = '';
  if (!key) {
    error.textContent = 'Enter the admin key.';
    return;
  }
  try {
    await call('GET', '/admin/upstreams', undefined, key);
  } catch (e) {
    error.textContent = e.status === 401 ? 'The gateway refused this key.' : e.message;
    return;
  }
  session.signIn(key);
  $('admin-key').value = '';
  showConsole(true);
});

$('logout').addEventListener('click', () => {
  session.signOut();
  showConsole(false);
});

// Tabs: click, and arrow keys / Home / End as in the WAI-ARIA tabs pattern.
$('tabs').addEventListener('click', (event) => {
  const tab = event.target.closest('[role="tab"]');
  if (tab) {
    open(tab.id.slice(4));
  }
});
$('tabs').addEventListener('keydown', (event) => {
  const all = tabs();
  const at = all.indexOf(document.activeElement);
  const moves = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: all.length - 1 };
  if (at < 0 || !(event.key in moves)) {
    return;
  }
  event.preventDefault();
  const next = all[(moves[event.key] + all.length) % all.length];
  next.focus();
  open(next.id.slice(4));
});

// The admin key may stop working (changed in the configuration): go back to the sign-in form.
window.addEventListener('switchboard:unauthorized', () => {
  session.signOut();
  showConsole(false);
  $('login-error').textContent = 'The admin key was refused; sign in again.';
});

showConsole(Boolean(session.key()));
