// Builds DOM nodes from data; log lines only ever become text nodes, never markup.

/** Element `tag` with attributes (`on*` functions become listeners, false/null are left out) and children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A UTC time as `2026-11-24 10:00:00Z`, or a dash. */
export function time(value) {
  return value ? new Date(value).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '–';
}

/** The value of a datetime-local input (taken as UTC) as an ISO time, or empty. */
export function isoOfInput(value) {
  if (!value) return '';
  return value.length === 16 ? `${value}:00Z` : `${value}Z`;
}

export const number = value => (value ?? 0).toLocaleString('en');

export const state = text => h('span', { class: `state state-${text}` }, text);

/** A table whose first row is `columns` (names, or [name, class]) and whose rows are arrays of cells. */
export function table(label, columns, rows) {
  return h('div', { class: 'scroll' },
    h('table', { 'aria-label': label },
      h('thead', {}, h('tr', {}, columns.map(c => Array.isArray(c) ? h('th', { class: c[1], scope: 'col' }, c[0]) : h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, 'none'))
        : rows.map(cells => h('tr', {}, cells.map((cell, i) =>
            h('td', { class: Array.isArray(columns[i]) ? columns[i][1] : null }, cell)))))));
}

export const hostLink = (collection, host) =>
  h('a', { href: `#/host/${encodeURIComponent(collection)}/${encodeURIComponent(host)}` }, host);

const Svg = 'http://www.w3.org/2000/svg';

/** Bars of hourly `counts` (oldest first, the last ending now) as an SVG image, labelled for screen readers. */
export function bars(counts, label, { width = 480, height = 60, cls = 'bars' } = {}) {
  const most = Math.max(1, ...counts);
  const step = width / counts.length;
  const svg = document.createElementNS(Svg, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', cls);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  counts.forEach((count, i) => {
    const bar = document.createElementNS(Svg, 'rect');
    const tall = count === 0 ? 0 : Math.max(2, (count / most) * (height - 4));
    bar.setAttribute('x', String(i * step + 1));
    bar.setAttribute('y', String(height - tall));
    bar.setAttribute('width', String(Math.max(1, step - 2)));
    bar.setAttribute('height', String(tall));
    const title = document.createElementNS(Svg, 'title');
    const ago = counts.length - 1 - i;
    title.textContent = `${count} from ${ago + 1} to ${ago} hours ago`;
    bar.append(title);
    svg.append(bar);
  });
  return svg;
}
