import { call } from './api.js';
import { $, busy, dash, h, labelCells, message, when } from './dom.js';
import { REASONS } from './reasons.js';

const POLL_MS = 3000;
let timer = null;

export function enter() {
  refresh();
  timer = setInterval(() => {
    if (!document.hidden) {
      refresh();
    }
  }, POLL_MS);
}

export function leave() {
  clearInterval(timer);
  timer = null;
}

async function refresh() {
  try {
    const data = await call('GET', '/admin/upstreams');
    render(data);
    $('upstreams-updated').textContent = `Updated ${new Date().toLocaleTimeString()}`;
  } catch (e) {
    $('upstreams-updated').textContent = `Not updated: ${e.message}`;
  }
}

function render(data) {
  $('model-groups').replaceChildren(...data.models.map((m) => h('div', {
    class: m.available < m.total ? 'group degraded' : 'group', 'data-model': m.model,
  }, h('strong', {}, m.model), ` ${m.available}/${m.total} available`,
  m.fallbacks.length ? h('span', { class: 'muted' }, ` · fallbacks: ${m.fallbacks.join(', ')}`) : '')));
  // Rows are updated in place so that a focused "Diagnose" button keeps its focus across refreshes.
  const body = $('upstreams-table').tBodies[0];
  const rows = new Map([...body.rows].map((tr) => [tr.dataset.deployment, tr]));
  const present = new Set(data.upstreams.map((u) => u.deployment));
  rows.forEach((tr, id) => !present.has(id) && tr.remove());
  data.upstreams.forEach((u, i) => {
    const tr = rows.get(u.deployment) || h('tr', { 'data-deployment': u.deployment }, h('td', {}, diagnoseButton(u)));
    tr.replaceChildren(...cells(u), tr.lastElementChild);
    if (body.rows[i] !== tr) {
      body.insertBefore(tr, body.rows[i] || null);
    }
  });
  labelCells($('upstreams-table'));
}

function diagnoseButton(u) {
  const diagnose = h('button', { type: 'button', class: 'secondary', 'aria-label': `Diagnose ${u.deployment}` },
    'Diagnose');
  diagnose.addEventListener('click', () => runDoctor(diagnose, u.deployment));
  return diagnose;
}

function cells(u) {
  const latency = u.latency_p50_ms === null ? '–' : `${u.latency_p50_ms} / ${u.latency_p99_ms}`;
  const until = u.ejected_until || u.cooling_until;
  return [
    h('th', { scope: 'row' }, u.deployment, h('div', { class: 'muted' }, `${u.type} · ${u.model}`)),
    h('td', {}, u.groups.join(', ')),
    h('td', {}, h('span', { class: `badge state-${u.state}`, 'data-state': u.state }, u.state.replace('_', ' '))),
    h('td', {}, dash(u.reason), u.state !== 'healthy' && REASONS[u.reason]
      ? h('div', { class: 'muted hint' }, REASONS[u.reason]) : ''),
    h('td', {}, latency),
    h('td', {}, String(u.in_flight)),
    h('td', {}, `${u.successes} / ${u.failures}`),
    h('td', {}, String(u.ejections)),
    h('td', { class: 'error-text' }, dash(u.last_error)),
    h('td', {}, when(u.since), until ? h('div', { class: 'muted' }, `until ${when(until)}`) : '')];
}

async function runDoctor(button, deployment) {
  const panel = $('doctor');
  panel.hidden = false;
  $('doctor-result').replaceChildren(h('p', {}, `Running the doctor on ${deployment || 'every deployment'}…`));
  await busy(button, 'upstreams-message', async () => {
    const query = deployment ? `?deployment=${encodeURIComponent(deployment)}` : '';
    const report = await call('POST', `/admin/doctor${query}`);
    $('doctor-result').replaceChildren(
      h('p', {}, `${report.passed} passed, ${report.failed} failed`),
      ...report.deployments.map(doctorEntry));
  });
}

function doctorEntry(d) {
  const status = d.ok ? 'ok' : 'fail';
  return h('div', { class: 'doctor-entry', 'data-deployment': d.deployment },
    h('h4', {}, d.deployment, ' ',
      h('span', { class: `badge state-${status}` }, d.ok ? 'passed' : `failed at ${d.failed_step}`)),
    d.ok ? '' : h('p', {}, h('strong', {}, 'Reason: '), dash(d.reason), h('br'), h('strong', {}, 'Fix: '), dash(d.fix)),
    h('ol', { class: 'doctor-steps' }, ...d.steps.map((s) => h('li', {},
      h('span', { class: `badge state-${s.status}` }, s.status), ` ${s.name} (${s.ms} ms): ${s.detail || ''}`,
      s.fix ? h('div', { class: 'muted' }, s.fix) : ''))));
}

$('diagnose-all').addEventListener('click', (event) => runDoctor(event.currentTarget, null));

$('reload-config').addEventListener('click', (event) => busy(event.currentTarget, 'upstreams-message', async () => {
  message('upstreams-message', 'Reloading the configuration…');
  try {
    const outcome = await call('POST', '/admin/reload');
    const restart = outcome.restart_needed.length
      ? ` Needs a restart to apply: ${outcome.restart_needed.join(', ')}.` : '';
    message('upstreams-message', `Configuration ${outcome.status}.${restart}`);
  } catch (e) {
    const problems = e.code === 'invalid_config' ? ' (the running configuration stays)' : '';
    message('upstreams-message', `${e.message}${problems}`, true);
  }
  await refresh();
}));
