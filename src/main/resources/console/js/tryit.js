import { h } from './dom.js';

/** Form fields for the top-level properties of a prompt's input schema (JSON Schema, "type": "object"). */
export function inputFields(schema) {
  const properties = schema?.properties || {};
  const required = new Set(schema?.required || []);
  const names = Object.keys(properties);
  if (!names.length) {
    return [h('p', { class: 'muted' }, 'This prompt takes no variables.')];
  }
  return names.map((name) => field(name, properties[name] || {}, required.has(name)));
}

function field(name, property, required) {
  const id = `try-var-${name}`;
  const type = Array.isArray(property.type) ? property.type.find((t) => t !== 'null') : property.type;
  const hint = [property.description, required ? 'required' : 'optional'].filter(Boolean).join(' · ');
  const common = { id, name, 'data-type': type || 'json', 'aria-describedby': `${id}-hint`, required };
  let input;
  if (Array.isArray(property.enum)) {
    input = h('select', { ...common, 'data-type': 'enum' }, required ? '' : h('option', { value: '' }, '(not set)'),
      ...property.enum.map((v) => h('option', { value: JSON.stringify(v) }, String(v))));
  } else if (type === 'boolean') {
    input = h('input', { ...common, type: 'checkbox', checked: property.default === true });
  } else if (type === 'integer' || type === 'number') {
    input = h('input', { ...common, type: 'number', step: type === 'integer' ? '1' : 'any',
      min: property.minimum, max: property.maximum, value: property.default });
  } else if (type === 'string') {
    const long = !property.maxLength || property.maxLength > 200;
    input = h(long ? 'textarea' : 'input', { ...common, rows: long ? 3 : null, maxlength: property.maxLength,
      placeholder: property.default });
  } else {
    input = h('textarea', { ...common, 'data-type': 'json', rows: 3, placeholder: 'JSON value' });
  }
  return h('div', { class: 'field' }, h('label', { for: id }, name), input,
    h('p', { id: `${id}-hint`, class: 'muted' }, hint));
}

/** The variables typed into the fields; empty optional fields are left out so the schema's defaults apply. */
export function readInputs(container) {
  const variables = {};
  for (const input of container.querySelectorAll('[data-type]')) {
    const kind = input.dataset.type;
    if (kind === 'boolean') {
      variables[input.name] = input.checked;
      continue;
    }
    if (input.value === '') {
      continue;
    }
    if (kind === 'integer' || kind === 'number') {
      variables[input.name] = Number(input.value);
    } else if (kind === 'string') {
      variables[input.name] = input.value;
    } else {
      try {
        variables[input.name] = JSON.parse(input.value);
      } catch (e) {
        throw new Error(`${input.name}: not valid JSON (${e.message})`);
      }
    }
  }
  return variables;
}
