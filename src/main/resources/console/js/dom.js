/** Builds an element: h('td', {class: 'x', onclick: fn}, 'text', child...). Text is always set as text, never HTML. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      el.append(child instanceof Node ? child : String(child));
    }
  }
  return el;
}

export const $ = (id) => document.getElementById(id);

/** Shows a status line; errors get the error style. */
export function message(id, text, isError = false) {
  const el = $(id);
  el.textContent = text || '';
  el.classList.toggle('error', Boolean(isError));
}

/** Runs an async action with the button disabled meanwhile; failures are shown in the status line. */
export async function busy(button, statusId, action) {
  button.disabled = true;
  try {
    await action();
  } catch (e) {
    message(statusId, e.message, true);
  } finally {
    button.disabled = false;
  }
}

export const dash = (value) => (value === null || value === undefined || value === '' ? '–' : String(value));

/** A timestamp in the viewer's locale, or a dash. */
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '–');

/** Labels every body cell with its column's header (data-label), for the one-card-per-row layout on phones. */
export function labelCells(table) {
  const headers = [...table.tHead.rows[0].cells].map((th) => th.textContent.trim());
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((cell, i) => cell.setAttribute('data-label', headers[i] || ''));
  }
}
