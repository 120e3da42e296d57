// Every host with its state, last poll, counters and open incidents; failing hosts first.
import { api } from './api.js';
import { h, time, number, state, table, hostLink } from './dom.js';

const OpenIncidentsRead = 1000;

export async function overview() {
  const [hosts, open] = await Promise.all([api('/api/hosts'), api(`/api/incidents?open=true&limit=${OpenIncidentsRead}`)]);
  const openOf = new Map();
  for (const incident of open) {
    for (const name of incident.hosts) {
      const key = `${incident.source}/${name}`;
      openOf.set(key, (openOf.get(key) ?? 0) + 1);
    }
  }
  const keyOf = s => `${s.host.collection}/${s.host.hostname}`;
  const failing = s => s.phase === 'failed' || s.reason ? 0 : 1;
  hosts.sort((a, b) => failing(a) - failing(b) || (openOf.get(keyOf(b)) ?? 0) - (openOf.get(keyOf(a)) ?? 0)
    || keyOf(a).localeCompare(keyOf(b)));
  const failed = hosts.filter(s => failing(s) === 0).length;
  return h('section', { 'aria-labelledby': 'overview-title' },
    h('h1', { id: 'overview-title' }, 'Overview'),
    h('div', { class: 'cards' },
      card('hosts', hosts.length), card('failing', failed, failed ? 'error' : null),
      card('open incidents', open.length, open.length ? 'error' : null),
      card('anomalies', hosts.reduce((sum, s) => sum + s.anomalies, 0))),
    table('Hosts', ['Host', 'Source', 'State', 'Last poll', ['Lines scored', 'num'], ['Anomalies', 'num'], ['Open incidents', 'num']],
      hosts.map(s => [
        hostLink(s.host.collection, s.host.hostname),
        s.host.collection,
        [state(s.phase), s.retrain_running ? ' retraining' : '', s.reason ? h('div', { class: 'reason' }, s.reason) : null],
        time(s.last_poll),
        number(s.lines_scored),
        number(s.anomalies),
        openOf.get(keyOf(s))
          ? h('a', { href: `#/incidents?source=${encodeURIComponent(s.host.collection)}&host=${encodeURIComponent(s.host.hostname)}&open=true` },
              number(openOf.get(keyOf(s))))
          : '0',
      ])));
}

const card = (label, value, cls) => h('div', { class: 'card' }, h('div', { class: `n ${cls ?? ''}` }, number(value)), h('div', { class: 'muted' }, label));
