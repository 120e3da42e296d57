// One incident: its explanation, sample lines with the host's lines around them, hosts, and the operator's actions.
import { api } from './api.js';
import { h, time, number, state, hostLink } from './dom.js';

const ContextLines = 3;

export async function incident(session, id) {
  const i = await api(`/api/incidents/${encodeURIComponent(id)}?context=${ContextLines}`);
  const status = h('p', { id: 'action-status', role: 'status' });
  const act = async (label, call) => {
    status.textContent = `${label}…`;
    try {
      await call();
      status.textContent = `${label}: done`;
      await session.refresh();
      document.getElementById('action-status').textContent = `${label}: done`;
    } catch (error) {
      status.textContent = `${label} failed: ${error.message}`;
      status.className = 'error';
    }
  };
  const post = (path, body) => api(`/api/incidents/${encodeURIComponent(i.id)}/${path}`, { method: 'POST', body });
  const feedback = (isAnomaly) => {
    const form = document.getElementById('feedback-form');
    const data = new FormData(form);
    const body = { is_anomaly: isAnomaly };
    if (!isAnomaly) body.scope = data.get('scope');
    if (!isAnomaly && data.get('scope') === 'value' && data.get('parameter')) body.parameter = Number(data.get('parameter'));
    if (data.get('expires_in')) body.expires_in = data.get('expires_in').trim();
    if (data.get('note')) body.note = data.get('note');
    return post('feedback', body);
  };

  const actions = session.can('feedback') ? h('section', { class: 'actions', 'aria-label': 'Actions' },
    i.state === 'open' ? h('button', { type: 'button', id: 'acknowledge', class: 'primary',
      onclick: () => act('Acknowledge', () => post('ack')) }, 'Acknowledge') : null,
    i.state !== 'resolved' ? h('button', { type: 'button', id: 'resolve',
      onclick: () => act('Resolve', () => post('resolve')) }, 'Resolve') : null,
    h('form', { id: 'feedback-form', class: 'inline', 'aria-label': 'Feedback on every line of this incident', onsubmit: e => e.preventDefault() },
      h('label', {}, 'Scope', h('select', { name: 'scope', id: 'fb-scope' },
        h('option', { value: 'line' }, 'these lines'), h('option', { value: 'template' }, 'their template'),
        h('option', { value: 'value' }, 'the unusual value'))),
      h('label', {}, 'Parameter (value scope)', h('input', { name: 'parameter', id: 'fb-parameter', inputmode: 'numeric', size: 4 })),
      h('label', {}, 'Expires in (e.g. 12h, 7d)', h('input', { name: 'expires_in', id: 'fb-expires', size: 8 })),
      h('label', {}, 'Note', h('input', { name: 'note', id: 'fb-note', size: 16 })),
      h('button', { type: 'button', id: 'false-positive', class: 'danger',
        onclick: () => act('False positive', () => feedback(false)) }, 'False positive'),
      h('button', { type: 'button', id: 'true-positive',
        onclick: () => act('True positive', () => feedback(true)) }, 'True positive')),
    status) : null;

  return h('article', { 'aria-labelledby': 'incident-title' },
    h('h1', { id: 'incident-title' }, `Incident ${i.id} `, state(i.state)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Source'), h('dd', {}, i.source),
      h('dt', {}, 'Hosts'), h('dd', {}, i.hosts.map((name, n) => [n ? ', ' : '', hostLink(i.source, name)])),
      h('dt', {}, 'Lines'), h('dd', { id: 'incident-count' }, number(i.count)),
      h('dt', {}, 'Highest score'), h('dd', {}, i.max_score.toFixed(3)),
      h('dt', {}, 'First seen'), h('dd', {}, time(i.first_seen)),
      h('dt', {}, 'Last seen'), h('dd', {}, time(i.last_seen)),
      h('dt', {}, 'Acknowledged'), h('dd', { id: 'acknowledged' }, i.acknowledged_by ? `by ${i.acknowledged_by} at ${time(i.acknowledged_at)}` : 'no'),
      h('dt', {}, 'Resolved'), h('dd', {}, i.resolved_at ? `${i.resolved_by ? `by ${i.resolved_by}` : 'after its quiet period'} at ${time(i.resolved_at)}` : 'no'),
      h('dt', {}, 'Template'), h('dd', { class: 'msg' }, i.template)),
    actions,
    h('h2', {}, 'Why'),
    h('ul', { id: 'reasons' }, i.reasons.map(r => h('li', {}, r))),
    h('h2', {}, 'Sample lines'),
    i.samples.map(s => h('section', { class: 'sample', 'aria-label': `Line of ${s.host} at ${time(s.time)}` },
      h('div', { class: 'muted' }, hostLink(i.source, s.host), ` · ${time(s.time)} · `, h('code', {}, s.anomaly_id)),
      h('ol', { class: 'msg' },
        s.before.map(line => h('li', { class: 'context' }, line)),
        h('li', { class: 'hit' }, s.message),
        s.after.map(line => h('li', { class: 'context' }, line))))));
}
