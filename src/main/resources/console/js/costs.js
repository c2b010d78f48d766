import { call, download } from './api.js';
import { $, busy, h, message } from './dom.js';
import { approx, decimal, units } from './money.js';

const COLOURS = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#0b7285', '#5c940d', '#e67700'];
const DAY_MS = 86_400_000;
let initialised = false;
const charts = {};

const isoDay = (date) => date.toISOString().slice(0, 10);

export function enter() {
  if (!initialised) {
    initialised = true;
    setMonth(0);
  }
  loadTenants().then(show);
}

async function loadTenants() {
  try {
    const list = await call('GET', '/admin/tenants');
    const select = $('costs-tenant');
    const chosen = select.value;
    select.replaceChildren(h('option', { value: '' }, 'All tenants'),
      ...list.data.map((t) => h('option', { value: t.id }, t.id)));
    select.value = list.data.some((t) => t.id === chosen) ? chosen : '';
    return list.data;
  } catch (e) {
    message('costs-message', e.message, true);
    return [];
  }
}

function query(format) {
  const params = new URLSearchParams({ from: $('costs-from').value, to: $('costs-to').value,
    group_by: 'tenant,model,day', format });
  if ($('costs-tenant').value) {
    params.set('tenant', $('costs-tenant').value);
  }
  return `/admin/reports/cost?${params}`;
}

async function show() {
  message('costs-message', '');
  try {
    const report = await call('GET', query('json'));
    $('costs-total').textContent = report.total.cost_usd;
    $('costs-requests').textContent = String(report.total.requests);
    $('costs-tokens').textContent = `${report.total.prompt_tokens} / ${report.total.completion_tokens}`;
    const days = daysOf(report.from, report.to);
    chart('chart-tenants', days, byDay(report.rows, 'tenant', days));
    chart('chart-models', days, byDay(report.rows, 'model', days));
    top('top-tenants', report.rows, 'tenant');
    top('top-models', report.rows, 'model');
    if (!report.rows.length) {
      message('costs-message', `No spend recorded from ${report.from} to ${report.to} (exclusive).`);
    }
  } catch (e) {
    message('costs-message', e.message, true);
  }
  await budgets();
}

function daysOf(from, to) {
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`) && days.length < 1000; t += DAY_MS) {
    days.push(isoDay(new Date(t)));
  }
  return days;
}

/** { name: [units per day] } for the rows grouped by `key` (tenant or model). */
function byDay(rows, key, days) {
  const index = new Map(days.map((d, i) => [d, i]));
  const series = new Map();
  for (const row of rows) {
    const name = row[key] ?? '(none)';
    if (!series.has(name)) {
      series.set(name, days.map(() => 0n));
    }
    const at = index.get(row.day);
    if (at !== undefined) {
      series.get(name)[at] += units(row.cost_usd);
    }
  }
  return series;
}

/**
 * Daily stacked bars, one colour per tenant or model. Series i is drawn at the sum of series i..n-1, the first
 * (tallest) behind the others, so each visible slice is one series; the legend shows each series' own exact amount.
 */
function chart(id, days, series) {
  charts[id]?.destroy();
  const target = $(id);
  target.replaceChildren();
  const names = [...series.keys()];
  const stacked = names.map((_, i) => days.map((__, d) => names.slice(i)
    .reduce((sum, name) => sum + series.get(name)[d], 0n)));
  const halfDay = 43_200;
  const options = {
    width: Math.max(260, target.clientWidth || 600), height: 240,
    scales: { x: { time: true, range: (u, min, max) => [min - halfDay, max + halfDay] } },
    axes: [{}, { size: 70, values: (u, ticks) => ticks.map((v) => `$${v}`) }],
    series: [{ label: 'day', value: (u, v) => (v === null ? '–' : isoDay(new Date(v * 1000))) },
      ...names.map((name, i) => ({
        label: name, stroke: COLOURS[i % COLOURS.length], fill: COLOURS[i % COLOURS.length], width: 1,
        paths: window.uPlot.paths.bars({ size: [0.7, 48] }), points: { show: false },
        value: (u, v, s, at) => (at === null || at === undefined ? '–' : `$${decimal(series.get(name)[at])}`),
      }))],
  };
  const data = [days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...stacked.map((values) => values.map(approx))];
  charts[id] = new window.uPlot(options, data, target);
}

function top(id, rows, key) {
  const sums = new Map();
  for (const row of rows) {
    const name = row[key] ?? '(none)';
    sums.set(name, (sums.get(name) ?? 0n) + units(row.cost_usd));
  }
  const ranked = [...sums.entries()].sort((a, b) => (a[1] === b[1] ? 0 : (a[1] < b[1] ? 1 : -1))).slice(0, 10);
  $(id).replaceChildren(...(ranked.length ? ranked.map(([name, sum]) => h('li', { 'data-name': name },
    h('span', {}, name), h('strong', {}, `$${decimal(sum)}`))) : [h('li', { class: 'muted' }, 'no spend')]));
}

/** Today's and this month's spend of every tenant with a budget, against the budget. */
async function budgets() {
  const out = $('budgets');
  try {
    const tenants = (await call('GET', '/admin/tenants')).data
      .filter((t) => t.budget && (t.budget.daily_usd !== null || t.budget.monthly_usd !== null));
    if (!tenants.length) {
      out.replaceChildren(h('p', { class: 'muted' }, 'No tenant has a budget.'));
      return;
    }
    const now = new Date();
    const today = isoDay(now);
    const tomorrow = isoDay(new Date(now.getTime() + DAY_MS));
    const month = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
    const nextMonth = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)));
    const [day, monthly] = await Promise.all([
      call('GET', `/admin/reports/cost?from=${today}&to=${tomorrow}&group_by=tenant`),
      call('GET', `/admin/reports/cost?from=${month}&to=${nextMonth}&group_by=tenant`)]);
    const spent = (report, id) => units(report.rows.find((r) => r.tenant === id)?.cost_usd ?? '0');
    out.replaceChildren(...tenants.flatMap((t) => [
      budgetBar(t.id, 'today', spent(day, t.id), t.budget.daily_usd),
      budgetBar(t.id, 'this month', spent(monthly, t.id), t.budget.monthly_usd)].filter(Boolean)));
  } catch (e) {
    out.replaceChildren(h('p', { class: 'field-error' }, e.message));
  }
}

function budgetBar(tenant, period, spent, budget) {
  if (budget === null || budget === undefined) {
    return null;
  }
  const limit = units(budget);
  const share = limit === 0n ? 100 : Math.min(100, (approx(spent) / approx(limit)) * 100);
  const id = `budget-${tenant}-${period.replace(' ', '-')}`;
  return h('div', { class: 'budget', 'data-tenant': tenant },
    h('label', { for: id }, `${tenant}, ${period}: $${decimal(spent)} of $${budget} (${share.toFixed(1)} %)`),
    h('progress', { id, max: '100', value: share.toFixed(1) }));
}

// Charts follow the width of their card (a rotated phone, a resized window).
window.addEventListener('resize', () => {
  for (const [id, plot] of Object.entries(charts)) {
    plot.setSize({ width: Math.max(260, $(id).clientWidth), height: 240 });
  }
});

/** Sets the range to a whole UTC month: 0 this month, -1 last month. */
function setMonth(offset) {
  const now = new Date();
  $('costs-from').value = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)));
  $('costs-to').value = isoDay(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 1)));
}

for (const [id, offset] of [['costs-this-month', 0], ['costs-last-month', -1]]) {
  $(id).addEventListener('click', () => {
    setMonth(offset);
    busy($('costs-show'), 'costs-message', show);
  });
}

$('costs-form').addEventListener('submit', (event) => {
  event.preventDefault();
  busy($('costs-show'), 'costs-message', show);
});

$('costs-csv').addEventListener('click', (event) => busy(event.currentTarget, 'costs-message', async () => {
  const { blob, disposition } = await download(query('csv'));
  const named = /filename="?([^";]+)"?/.exec(disposition || '');
  const link = h('a', { href: URL.createObjectURL(blob),
    download: named ? named[1] : `cost-${$('costs-from').value}-${$('costs-to').value}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  message('costs-message', `Downloaded ${link.download}.`);
}));
