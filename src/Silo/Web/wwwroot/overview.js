// Every host with its state, last poll, lines per minute, anomalies (with a 24 h chart) and open incidents; failing
// hosts first.
import { api } from './api.js';
import { h, time, number, state, table, hostLink, bars } from './dom.js';

const ChartHours = 24;

// Lines scored per host at the previous refresh, for the rate: the API gives counters, the page their change.
let previous = null;

export async function overview() {
  const [hosts, open, hourly] = await Promise.all([
    api('/api/hosts'), api('/api/incidents/open-counts'), api(`/api/anomalies/hourly?hours=${ChartHours}`)]);
  const keyOf = s => `${s.host.collection}/${s.host.hostname}`;
  const openOf = new Map(open.hosts.map(x => [`${x.source}/${x.host}`, x.open]));
  const hourlyOf = new Map(hourly.hosts.map(x => [`${x.source}/${x.host}`, x.counts]));
  const now = Date.now();
  const rateOf = new Map();
  if (previous && now > previous.at) {
    for (const s of hosts) {
      const before = previous.lines.get(keyOf(s));
      if (before !== undefined && s.lines_scored >= before) rateOf.set(keyOf(s), (s.lines_scored - before) * 60_000 / (now - previous.at));
    }
  }
  previous = { at: now, lines: new Map(hosts.map(s => [keyOf(s), s.lines_scored])) };
  const failing = s => s.phase === 'failed' || s.reason ? 0 : 1;
  hosts.sort((a, b) => failing(a) - failing(b) || (openOf.get(keyOf(b)) ?? 0) - (openOf.get(keyOf(a)) ?? 0)
    || keyOf(a).localeCompare(keyOf(b)));
  const failed = hosts.filter(s => failing(s) === 0).length;
  const noneYet = new Array(ChartHours).fill(0);
  return h('section', { 'aria-labelledby': 'overview-title' },
    h('h1', { id: 'overview-title' }, 'Overview'),
    h('div', { class: 'cards' },
      card('hosts', hosts.length), card('failing', failed, failed ? 'error' : null),
      card('open incidents', open.total, open.total ? 'error' : null),
      card('anomalies', hosts.reduce((sum, s) => sum + s.anomalies, 0))),
    table('Hosts', ['Host', 'Source', 'State', 'Last poll', ['Lines per minute', 'num'], ['Anomalies', 'num'], 'Anomalies per hour, 24 h', ['Open incidents', 'num']],
      hosts.map(s => {
        const counts = hourlyOf.get(keyOf(s)) ?? noneYet;
        const day = counts.reduce((sum, n) => sum + n, 0);
        return [
          hostLink(s.host.collection, s.host.hostname),
          s.host.collection,
          [state(s.phase), s.retrain_running ? ' retraining' : '', s.reason ? h('div', { class: 'reason' }, s.reason) : null],
          time(s.last_poll),
          rateOf.has(keyOf(s)) ? number(Math.round(rateOf.get(keyOf(s)))) : h('span', { class: 'muted', title: 'shown from the next refresh' }, '…'),
          number(s.anomalies),
          bars(counts, `${day} anomalies in the last 24 hours, at most ${Math.max(...counts)} in one hour`, { width: 120, height: 24, cls: 'spark' }),
          openOf.get(keyOf(s))
            ? h('a', { href: `#/incidents?source=${encodeURIComponent(s.host.collection)}&host=${encodeURIComponent(s.host.hostname)}&open=true` },
                number(openOf.get(keyOf(s))))
            : '0',
        ];
      })));
}

const card = (label, value, cls) => h('div', { class: 'card' }, h('div', { class: `n ${cls ?? ''}` }, number(value)), h('div', { class: 'muted' }, label));
