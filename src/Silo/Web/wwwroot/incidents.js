// Incidents with filters (source, host, state, time range), paged by the server, under a timeline of the incidents
// opened per hour (finer over shorter ranges) whose bars filter the list to their time.
import { api, query } from './api.js';
import { h, time, number, state, table, isoOfInput } from './dom.js';

const PageSize = 25;

export async function incidents(session, params) {
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const filter = {
    source: params.get('source') ?? '', host: params.get('host') ?? '', state: params.get('state') ?? '',
    open: params.get('open') ?? '', since: params.get('since') ?? '', until: params.get('until') ?? '',
  };
  // One more than a page tells whether there is a next one.
  const [rows, sources, timeline] = await Promise.all([
    api(`/api/incidents${query({
      source: filter.source, host: filter.host, state: filter.state, open: filter.open,
      since: isoOfInput(filter.since), until: isoOfInput(filter.until), skip: page * PageSize, limit: PageSize + 1,
    })}`),
    api('/api/sources'),
    api(`/api/incidents/timeline${query({
      source: filter.source, host: filter.host, state: filter.state, open: filter.open, since: isoOfInput(filter.since), until: isoOfInput(filter.until),
    })}`),
  ]);
  const more = rows.length > PageSize;
  const shown = rows.slice(0, PageSize);
  const go = (changes) => {
    const next = { ...filter, page, ...changes };
    location.hash = `#/incidents${query(next)}`;
  };
  const form = h('form', { class: 'filters', 'aria-label': 'Filter incidents', onsubmit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      go({ source: data.get('source'), host: data.get('host').trim(), state: data.get('state'), open: '',
        since: data.get('since'), until: data.get('until'), page: 0 });
    } },
    h('label', {}, 'Source', h('select', { name: 'source', id: 'f-source' }, h('option', { value: '' }, 'all'),
      sources.map(s => h('option', { value: s.collection, selected: s.collection === filter.source }, s.collection)))),
    h('label', {}, 'Host', h('input', { name: 'host', id: 'f-host', value: filter.host, size: 14 })),
    h('label', {}, 'State', h('select', { name: 'state', id: 'f-state' }, ['', 'open', 'acknowledged', 'resolved'].map(s =>
      h('option', { value: s, selected: s === filter.state }, s || (filter.open === 'true' ? 'unresolved' : 'all'))))),
    h('label', {}, 'Seen since (UTC)', h('input', { type: 'datetime-local', name: 'since', id: 'f-since', value: filter.since })),
    h('label', {}, 'Started until (UTC)', h('input', { type: 'datetime-local', name: 'until', id: 'f-until', value: filter.until })),
    h('button', { type: 'submit', class: 'primary', id: 'apply-filters' }, 'Apply'));
  return h('section', { 'aria-labelledby': 'incidents-title' },
    h('h1', { id: 'incidents-title' }, 'Incidents'),
    form,
    bars(timeline, bucket => go({ since: inputOf(bucket.from), until: inputOf(bucket.to), page: 0 })),
    table('Incidents', ['Incident', 'State', 'Source', 'Hosts', ['Lines', 'num'], 'First seen', 'Last seen', 'Opening line'],
      shown.map(i => [
        h('a', { href: `#/incident/${i.id}` }, i.id),
        state(i.state), i.source, i.hosts.join(', '), number(i.count), time(i.first_seen), time(i.last_seen),
        h('span', { class: 'msg' }, i.representative),
      ])),
    h('nav', { class: 'pager', 'aria-label': 'Pages of incidents' },
      h('button', { type: 'button', id: 'prev-page', disabled: page === 0, onclick: () => go({ page: page - 1 }) }, 'Previous'),
      h('span', {}, `page ${page + 1}`),
      h('button', { type: 'button', id: 'next-page', disabled: !more, onclick: () => go({ page: page + 1 }) }, 'Next')));
}

const Svg = 'http://www.w3.org/2000/svg';

// A datetime-local value (UTC, to the minute) of a time.
const inputOf = date => date.toISOString().slice(0, 16);

// A bucket width in words.
const widthOf = seconds => seconds < 3600 ? `${seconds / 60} min` : `${seconds / 3600} h`;

// The timeline: one bar per bucket, each a link (reached by Tab, followed by Enter) that filters the list to its bucket.
function bars(timeline, choose) {
  const width = 720;
  const height = 90;
  const counts = timeline.counts;
  const most = Math.max(1, ...counts);
  const step = width / counts.length;
  const from = new Date(timeline.from).getTime();
  const bucketMs = timeline.bucket_seconds * 1000;
  const total = counts.reduce((sum, n) => sum + n, 0);
  const svg = document.createElementNS(Svg, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'bars timeline');
  svg.setAttribute('id', 'timeline');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', `${total}${timeline.capped ? ' or more' : ''} incidents opened from ${time(timeline.from)} to ${time(timeline.to)}, ${widthOf(timeline.bucket_seconds)} a bar`);
  counts.forEach((count, i) => {
    const start = new Date(from + i * bucketMs);
    const end = new Date(from + (i + 1) * bucketMs);
    const link = document.createElementNS(Svg, 'a');
    link.setAttribute('href', '#');
    link.setAttribute('class', 'bar');
    link.setAttribute('data-count', String(count));
    link.setAttribute('aria-label', `${count} opened from ${time(start)} to ${time(end)}`);
    link.addEventListener('click', event => { event.preventDefault(); choose({ from: start, to: end }); });
    const hit = document.createElementNS(Svg, 'rect');
    hit.setAttribute('x', String(i * step));
    hit.setAttribute('y', '0');
    hit.setAttribute('width', String(step));
    hit.setAttribute('height', String(height));
    hit.setAttribute('class', 'hit');
    const tall = count === 0 ? 0 : Math.max(2, (count / most) * (height - 4));
    const bar = document.createElementNS(Svg, 'rect');
    bar.setAttribute('x', String(i * step + 1));
    bar.setAttribute('y', String(height - tall));
    bar.setAttribute('width', String(Math.max(1, step - 2)));
    bar.setAttribute('height', String(tall));
    const title = document.createElementNS(Svg, 'title');
    title.textContent = `${count} opened ${time(start)} – ${time(end)}`;
    link.append(title, hit, bar);
    svg.append(link);
  });
  return h('figure', { class: 'timeline' }, svg,
    h('figcaption', { class: 'muted' }, `Incidents opened per ${widthOf(timeline.bucket_seconds)}, ${time(timeline.from)} to ${time(timeline.to)}: ${total}${timeline.capped ? ' (the latest 100,000 counted)' : ''}. Choose a bar to list its incidents.`));
}
