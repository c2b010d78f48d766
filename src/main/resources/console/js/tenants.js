import { call } from './api.js';
import { $, busy, dash, h, labelCells, message, when } from './dom.js';

// Which form field shows the error the API reports for a parameter (e.g. "models[1]", "budget.daily_usd").
const FIELDS = {
  id: 'tenant-id', models: 'tenant-models', 'budget.daily_usd': 'tenant-daily',
  'budget.monthly_usd': 'tenant-monthly', 'limits.rpm': 'tenant-rpm', 'limits.tpm': 'tenant-tpm',
};
let editing = null;
let selected = null;

export function enter() {
  load();
}

async function load() {
  try {
    const list = await call('GET', '/admin/tenants');
    $('tenants-table').tBodies[0].replaceChildren(...list.data.map(row));
    labelCells($('tenants-table'));
  } catch (e) {
    message('tenants-message', e.message, true);
  }
}

function row(t) {
  const budget = t.budget || {};
  const limits = t.limits || {};
  const edit = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit ${t.id}` }, 'Edit');
  edit.disabled = t.source !== 'api';
  edit.title = t.source === 'api' ? '' : 'configured in the file: edit switchboard.yaml';
  edit.addEventListener('click', () => startEdit(t));
  const keys = h('button', { type: 'button', class: 'secondary', 'aria-label': `Keys of ${t.id}` }, 'Keys');
  keys.addEventListener('click', () => showKeys(t.id));
  return h('tr', { 'data-tenant': t.id },
    h('th', { scope: 'row' }, t.id), h('td', {}, t.source), h('td', {}, t.models.join(', ')),
    h('td', {}, `${dash(budget.daily_usd)} / ${dash(budget.monthly_usd)}`),
    h('td', {}, `${limits.rpm ?? 0} / ${limits.tpm ?? 0}`), h('td', {}, when(t.created)),
    h('td', { class: 'inline' }, edit, keys));
}

function clearErrors() {
  for (const id of Object.values(FIELDS)) {
    $(id).removeAttribute('aria-invalid');
    $(`${id}-error`).textContent = '';
  }
  $('tenant-form-error').textContent = '';
}

/** Puts each error the API listed under its field; errors for no known field go under the form. */
function showErrors(error) {
  const errors = error.errors?.length ? error.errors : [{ param: error.param, message: error.message }];
  const rest = [];
  for (const e of errors) {
    const field = FIELDS[(e.param || '').replace(/\[\d+\]$/, '')];
    if (field) {
      $(field).setAttribute('aria-invalid', 'true');
      const out = $(`${field}-error`);
      out.textContent = out.textContent ? `${out.textContent}; ${e.message}` : e.message;
    } else {
      rest.push(e.param ? `${e.param}: ${e.message}` : e.message);
    }
  }
  $('tenant-form-error').textContent = rest.join('; ');
  const first = Object.values(FIELDS).find((id) => $(id).getAttribute('aria-invalid') === 'true');
  if (first) {
    $(first).focus();
  }
}

const text = (id) => $(id).value.trim();
/** Empty budget fields mean "no budget" (null); amounts are sent as decimal strings, never as floats. */
const amount = (id) => (text(id) === '' ? null : text(id));
/** Empty limit fields mean unlimited (0); anything else goes as typed so the API names what is wrong. */
const whole = (id) => (text(id) === '' ? 0 : (/^\d+$/.test(text(id)) ? Number(text(id)) : text(id)));

function formBody() {
  const models = text('tenant-models').split(',').map((m) => m.trim()).filter(Boolean);
  return {
    models,
    budget: { daily_usd: amount('tenant-daily'), monthly_usd: amount('tenant-monthly') },
    limits: { rpm: whole('tenant-rpm'), tpm: whole('tenant-tpm') },
  };
}

function startEdit(t) {
  editing = t.id;
  clearErrors();
  $('tenant-form-title').textContent = `Edit tenant ${t.id}`;
  $('tenant-id').value = t.id;
  $('tenant-id').readOnly = true;
  $('tenant-models').value = t.models.join(', ');
  $('tenant-daily').value = t.budget?.daily_usd ?? '';
  $('tenant-monthly').value = t.budget?.monthly_usd ?? '';
  $('tenant-rpm').value = t.limits?.rpm ?? 0;
  $('tenant-tpm').value = t.limits?.tpm ?? 0;
  $('tenant-save').textContent = 'Save changes';
  $('tenant-cancel').hidden = false;
  $('tenant-models').focus();
}

function resetForm() {
  editing = null;
  clearErrors();
  $('tenant-form').reset();
  $('tenant-id').readOnly = false;
  $('tenant-form-title').textContent = 'New tenant';
  $('tenant-save').textContent = 'Create tenant';
  $('tenant-cancel').hidden = true;
}

$('tenant-cancel').addEventListener('click', resetForm);

$('tenant-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  const button = $('tenant-save');
  button.disabled = true;
  try {
    const body = formBody();
    if (editing) {
      await call('PATCH', `/admin/tenants/${encodeURIComponent(editing)}`, body);
      message('tenants-message', `Tenant ${editing} saved.`);
    } else {
      const created = await call('POST', '/admin/tenants', { id: text('tenant-id'), ...body });
      message('tenants-message', `Tenant ${created.id} created.`);
    }
    resetForm();
    await load();
  } catch (e) {
    showErrors(e);
  } finally {
    button.disabled = false;
  }
});

async function showKeys(tenant) {
  selected = tenant;
  $('keys').hidden = false;
  $('keys-title').textContent = `Keys of ${tenant}`;
  $('new-key').hidden = true;
  $('new-key-value').value = '';
  await loadKeys();
  $('key-create').focus();
}

async function loadKeys() {
  try {
    const list = await call('GET', `/admin/tenants/${encodeURIComponent(selected)}/keys`);
    $('keys-table').tBodies[0].replaceChildren(...list.data.map(keyRow));
    labelCells($('keys-table'));
  } catch (e) {
    message('tenants-message', e.message, true);
  }
}

function keyRow(k) {
  const revoke = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${k.id}` }, 'Revoke');
  revoke.hidden = k.source !== 'api' || Boolean(k.revoked);
  // Two steps instead of a dialog: the first click asks, the second revokes.
  revoke.addEventListener('click', () => busy(revoke, 'tenants-message', async () => {
    if (revoke.dataset.armed !== 'true') {
      revoke.dataset.armed = 'true';
      revoke.textContent = 'Confirm revoke';
      return;
    }
    await call('DELETE', `/admin/tenants/${encodeURIComponent(selected)}/keys/${encodeURIComponent(k.id)}`);
    message('tenants-message', `Key ${k.id} revoked.`);
    await loadKeys();
  }));
  return h('tr', { 'data-key': k.id }, h('th', { scope: 'row' }, k.id), h('td', {}, dash(k.prefix)),
    h('td', {}, k.source), h('td', {}, when(k.created)), h('td', {}, k.revoked ? when(k.revoked) : 'no'),
    h('td', {}, revoke));
}

$('key-create').addEventListener('click', (event) => busy(event.currentTarget, 'tenants-message', async () => {
  const created = await call('POST', `/admin/tenants/${encodeURIComponent(selected)}/keys`);
  $('new-key').hidden = false;
  $('new-key-value').value = created.key;
  $('new-key-copied').textContent = '';
  $('new-key-value').select();
  await loadKeys();
}));

$('new-key-copy').addEventListener('click', async () => {
  const input = $('new-key-value');
  try {
    await navigator.clipboard.writeText(input.value);
    $('new-key-copied').textContent = 'Copied to the clipboard.';
  } catch (e) {
    input.select();
    $('new-key-copied').textContent = 'The browser did not allow copying: the key is selected, press Ctrl+C.';
  }
});
