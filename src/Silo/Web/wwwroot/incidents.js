// Incidents with filters (source, host, state, time range), paged by the server.
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
  const [rows, sources] = await Promise.all([
    api(`/api/incidents${query({
      source: filter.source, host: filter.host, state: filter.state, open: filter.open,
      since: isoOfInput(filter.since), until: isoOfInput(filter.until), skip: page * PageSize, limit: PageSize + 1,
    })}`),
    api('/api/sources'),
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
    h('button', { type: 'submit', class: 'primary' }, 'Apply'));
  return h('section', { 'aria-labelledby': 'incidents-title' },
    h('h1', { id: 'incidents-title' }, 'Incidents'),
    form,
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
