// One host: its detector and what its model learned (templates, values, rates), its recent anomalies and open
// incidents, and retrain for admins.
import { api, query } from './api.js';
import { h, time, number, state, table, bars } from './dom.js';

const RecentAnomalies = 25;
const ModelTemplates = 50;
const ChartHours = 24;

export async function host(session, collection, hostname) {
  const path = `${encodeURIComponent(collection)}/${encodeURIComponent(hostname)}`;
  const [s, anomalies, incidents, hourly, model] = await Promise.all([
    // The API refuses a host that is not registered (400); the page says so.
    api(`/api/hosts/${path}`).catch(e => e.status === 400 ? null : Promise.reject(e)),
    api(`/api/anomalies${query({ source: collection, host: hostname, limit: RecentAnomalies })}`).catch(e => e.status === 400 ? [] : Promise.reject(e)),
    api(`/api/incidents${query({ source: collection, host: hostname, open: 'true', limit: 50 })}`),
    api(`/api/anomalies/hourly${query({ hours: ChartHours, source: collection, host: hostname })}`).catch(e => e.status === 400 ? null : Promise.reject(e)),
    api(`/api/hosts/${path}/model${query({ templates: ModelTemplates })}`).catch(() => null),
  ]);
  if (!s) return h('p', { class: 'error', role: 'alert' }, `${collection}/${hostname} is not a registered host.`);
  // Clock hours up to the current one, oldest first.
  const perHour = hourly?.hosts[0]?.counts ?? new Array(ChartHours).fill(0);
  const status = h('p', { id: 'action-status', role: 'status' });
  const retrain = session.can('admin') ? h('div', { class: 'actions' },
    h('button', { type: 'button', id: 'retrain', class: 'primary', disabled: s.retrain_running, onclick: async () => {
      status.textContent = 'Retraining…';
      try {
        await api(`/api/hosts/${encodeURIComponent(collection)}/${encodeURIComponent(hostname)}/retrain`, { method: 'POST' });
        await session.refresh();
        document.getElementById('action-status').textContent = 'Retraining started';
      } catch (error) {
        status.textContent = `Retrain failed: ${error.message}`;
      }
    } }, s.retrain_running ? 'Retraining…' : 'Retrain now'),
    status) : null;
  const setAside = [...Object.entries(s.skipped_documents).map(([k, v]) => `skipped ${k}: ${v}`),
    ...Object.entries(s.dead_letters).map(([k, v]) => `dead letter ${k}: ${v}`)];
  return h('article', { 'aria-labelledby': 'host-title' },
    h('h1', { id: 'host-title' }, `${hostname} `, state(s.phase)),
    s.reason ? h('p', { class: 'reason', role: 'alert' }, s.reason) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Source'), h('dd', {}, collection),
      h('dt', {}, 'Threshold'), h('dd', { id: 'threshold' }, thresholdText(s)),
      h('dt', {}, 'Alarm budget bought'), h('dd', {}, s.alarms_per10k === null ? '–' : `${s.alarms_per10k.toFixed(1)} alarms per 10,000 lines of held-out history`),
      h('dt', {}, 'Trained'), h('dd', {}, s.trained_at ? `${time(s.trained_at)} on ${number(s.lines_trained_on)} lines (model version ${s.model_version}, ${number(s.trainings)} trainings)` : 'not yet'),
      h('dt', {}, 'Templates'), h('dd', {}, number(s.templates)),
      h('dt', {}, 'Lines scored'), h('dd', {}, number(s.lines_scored)),
      // What a session-keyed host's memory grows with: the sessions its stream still holds.
      h('dt', {}, 'Sessions held'), h('dd', { id: 'sessions-held' }, s.sessions_held === null ? 'none (its source keys no sessions)' : number(s.sessions_held)),
      h('dt', {}, 'Anomalies'), h('dd', {}, number(s.anomalies)),
      h('dt', {}, 'Last poll'), h('dd', {}, time(s.last_poll)),
      h('dt', {}, 'Reading'), h('dd', {}, s.reading),
      h('dt', {}, 'Set aside'), h('dd', {}, setAside.length ? setAside.join('; ') : 'nothing')),
    retrain,
    learned(model),
    h('h2', {}, 'Anomalies per hour, last 24 h'),
    h('div', { id: 'anomaly-chart' }, bars(perHour, `${perHour.reduce((sum, n) => sum + n, 0)} anomalies in the last 24 hours, at most ${Math.max(...perHour)} in one hour`)),
    h('h2', {}, 'Open incidents'),
    table('Open incidents', ['Incident', 'State', ['Lines', 'num'], 'Last seen', 'Opening line'], incidents.map(i => [
      h('a', { href: `#/incident/${i.id}` }, i.id), state(i.state), number(i.count), time(i.last_seen), h('span', { class: 'msg' }, i.representative)])),
    h('h2', {}, 'Recent anomalies'),
    table('Recent anomalies', ['Detected', ['Score', 'num'], 'Line', 'Why'], anomalies.map(a => [
      time(a.detected_at), `${a.score.toFixed(3)} / ${a.threshold.toFixed(3)}`, h('span', { class: 'msg' }, a.message),
      h('ul', {}, a.reasons.map(r => h('li', {}, r)))])));
}

// The threshold, and the routine templates' own bar after it where the model calibrated a lower one.
function thresholdText(s) {
  if (s.threshold === null) {
    return '–';
  }
  const routine = s.routine_threshold;
  return routine !== null && routine !== undefined && routine < s.threshold
    ? `${s.threshold.toFixed(3)} (routine templates' lines: ${routine.toFixed(3)})`
    : s.threshold.toFixed(3);
}

const percent = share => `${(share * 100).toFixed(share < 0.01 && share > 0 ? 2 : 0)}%`;
const figure = value => Number.isInteger(value) ? number(value) : value.toLocaleString('en', { maximumFractionDigits: 2 });

// What a value place learned, in words: labels with their common values, sizes with their range, identifiers.
function place(v) {
  const where = `parameter ${v.parameter}${v.part > 1 ? ` part ${v.part}` : ''}`;
  if (v.kind === 'label') {
    return `${where}: label, ${number(v.distinct)} distinct in ${number(v.observations)} (${v.common.join(', ')}), new ones in ${percent(v.new_rate)}`;
  }
  if (v.kind === 'size' && v.min !== null) {
    const unit = v.unit ? ` ${v.unit}` : '';
    return `${where}: size ${figure(v.min)}–${figure(v.max)}${unit} (median ${figure(v.median)}${unit})${v.rising ? ', rising' : ''}`;
  }
  return `${where}: ${v.kind}, new values in ${percent(v.new_rate)} (say nothing)`;
}

// The model section: its templates with counts and values, and the rates of its volume history.
function learned(model) {
  if (!model) return h('p', { class: 'muted', id: 'model' }, 'No model yet.');
  const rates = model.rates;
  return h('section', { id: 'model', 'aria-labelledby': 'model-title' },
    h('h2', { id: 'model-title' }, `Model: ${model.kind}, ${number(model.template_count)} templates`,
      model.templates.length < model.template_count ? ` (the ${model.templates.length} most frequent shown)` : ''),
    table('Templates', [['Lines', 'num'], ['Share', 'num'], 'Template', 'What it learned about the values'], model.templates.map(t => [
      number(t.count), percent(t.count / Math.max(1, model.trained_lines)), h('span', { class: 'msg' }, t.text),
      t.values.length ? h('ul', {}, t.values.map(v => h('li', {}, place(v)))) : h('span', { class: 'muted' }, 'no values')])),
    h('h2', {}, 'Rates'),
    rates === null ? h('p', { class: 'muted' }, 'No volume profile.') : [
      h('p', { class: 'muted' }, `${number(rates.intervals)} intervals of ${rates.interval_seconds / 60} min in the history, longest silence ${Math.round(rates.longest_gap_seconds)} s; `,
        rates.enabled ? 'volume is judged.' : 'too short a history to judge volume.'),
      table('Rates', ['Template', ['Most per interval', 'num'], ['Intervals holding it', 'num']], rates.templates.map(r => [
        h('span', { class: 'msg' }, r.template), number(r.max_per_interval), percent(r.present_share)])),
    ]);
}
