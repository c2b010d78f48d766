import { call } from './api.js';
import { $, busy, h, labelCells, message, when } from './dom.js';
import { lineDiff } from './diff.js';
import { inputFields, readInputs } from './tryit.js';

let selected = null;
let versions = [];

export function enter() {
  load();
}

async function load() {
  try {
    const list = await call('GET', '/admin/prompts');
    $('prompt-list').replaceChildren(...(list.data.length ? list.data.map(item)
      : [h('li', { class: 'muted' }, 'No prompt is published yet.')]));
    if (selected) {
      await select(selected);
    }
  } catch (e) {
    message('prompts-message', e.message, true);
  }
}

function item(p) {
  const open = h('button', { type: 'button', class: 'secondary', 'aria-label': `Open ${p.name}` }, p.name);
  open.addEventListener('click', () => select(p.name).catch((e) => message('prompts-message', e.message, true)));
  return h('li', { 'data-prompt': p.name }, open,
    ` v${p.version} · ${p.model} · ${p.source}`, p.description ? h('div', { class: 'muted' }, p.description) : '');
}

async function select(name) {
  selected = name;
  const answer = await call('GET', `/admin/prompts/${encodeURIComponent(name)}/versions`);
  versions = answer.versions;
  $('prompt-detail').hidden = false;
  $('prompt-detail-title').textContent = `Versions of ${name}`;
  $('versions-table').tBodies[0].replaceChildren(...versions.map(versionRow));
  labelCells($('versions-table'));
  const options = () => versions.map((v) => h('option', { value: v.version },
    `v${v.version}${v.active ? ' (active)' : ''}`));
  $('diff-from').replaceChildren(...options());
  $('diff-to').replaceChildren(...options());
  if (versions.length > 1) {
    $('diff-from').value = String(versions[versions.length - 2].version);
    $('diff-to').value = String(versions[versions.length - 1].version);
  }
  $('diff').replaceChildren();
  const active = versions.find((v) => v.active) || versions[versions.length - 1];
  $('try-fields').replaceChildren(...inputFields(active?.definition?.input));
  $('try-result').textContent = '';
  if (!$('publish-name').value) {
    $('publish-name').value = name;
  }
  if (active?.definition && !$('publish-definition').value) {
    $('publish-definition').value = JSON.stringify(active.definition, null, 2);
  }
}

function versionRow(v) {
  const rollback = h('button', { type: 'button', class: 'secondary', 'aria-label': `Roll back to v${v.version}` },
    'Roll back to this');
  rollback.hidden = v.active || v.source !== 'api';
  rollback.addEventListener('click', () => busy(rollback, 'prompts-message', async () => {
    await call('POST', `/admin/prompts/${encodeURIComponent(selected)}/rollback`, { version: v.version });
    message('prompts-message', `${selected} now serves version ${v.version}.`);
    await load();
  }));
  return h('tr', { 'data-version': v.version }, h('th', { scope: 'row' }, `v${v.version}`), h('td', {}, v.source),
    h('td', {}, when(v.published_at)), h('td', {}, v.active ? 'active' : ''), h('td', {}, rollback));
}

const pretty = (version) => JSON.stringify(versions.find((v) => String(v.version) === version)?.definition ?? {},
  null, 2);

$('diff-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const from = $('diff-from').value;
  const to = $('diff-to').value;
  const lines = lineDiff(pretty(from), pretty(to));
  const changed = lines.filter((l) => l.op !== ' ').length;
  $('diff').replaceChildren(h('span', { class: 'muted' }, `v${from} → v${to}: ${changed} changed line(s)`),
    ...lines.map((l) => h('span', { class: l.op === '+' ? 'add' : (l.op === '-' ? 'del' : '') }, `${l.op} ${l.line}`)));
});

$('publish-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const out = $('publish-error');
  out.replaceChildren();
  $('publish-definition').removeAttribute('aria-invalid');
  const name = $('publish-name').value.trim();
  let definition;
  try {
    definition = JSON.parse($('publish-definition').value);
  } catch (e) {
    $('publish-definition').setAttribute('aria-invalid', 'true');
    out.textContent = `The definition is not valid JSON: ${e.message}`;
    return;
  }
  await busy($('publish-submit'), 'prompts-message', async () => {
    try {
      const published = await call('PUT', `/admin/prompts/${encodeURIComponent(name)}`, definition);
      message('prompts-message', `Published ${published.name} version ${published.version}.`);
      selected = published.name;
      await load();
    } catch (e) {
      $('publish-definition').setAttribute('aria-invalid', 'true');
      out.replaceChildren(h('p', {}, e.message),
        h('ul', {}, ...(e.errors || []).map((x) => h('li', {}, `${x.field || x.param || ''}: ${x.message}`))));
    }
  });
});

$('try-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('try-key').value.trim();
  const result = $('try-result');
  if (!key) {
    result.textContent = 'Enter a tenant key to call the prompt.';
    return;
  }
  busy($('try-submit'), 'prompts-message', async () => {
    let variables;
    try {
      variables = readInputs($('try-fields'));
    } catch (e) {
      result.textContent = e.message;
      return;
    }
    try {
      const answer = await call('POST', `/v1/prompts/${encodeURIComponent(selected)}`, variables, key);
      const output = typeof answer.output === 'string' ? answer.output : JSON.stringify(answer.output, null, 2);
      result.textContent = `${output}\n\nversion ${answer.version} · ${answer.usage.total_tokens} tokens · `
        + `$${answer.cost_usd}`;
    } catch (e) {
      const problems = (e.errors || []).map((x) => `${x.field || x.param}: ${x.message}`);
      result.textContent = [e.message, ...problems].join('\n');
    }
  });
});

$('swagger-open').addEventListener('click', (event) => busy(event.currentTarget, 'prompts-message', async () => {
  const swagger = await import('./swagger.js');
  await swagger.show($('swagger'), () => $('try-key').value.trim());
}));
