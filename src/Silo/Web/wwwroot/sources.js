// The sources and their hosts; admins add and remove hosts.
import { api } from './api.js';
import { h, table, hostLink } from './dom.js';

export async function sources(session) {
  const list = await api('/api/sources');
  const admin = session.can('admin');
  const status = h('p', { id: 'action-status', role: 'status' });
  const change = async (label, call) => {
    status.textContent = `${label}…`;
    try {
      await call();
      await session.refresh();
      document.getElementById('action-status').textContent = `${label}: done`;
    } catch (error) {
      status.textContent = `${label} failed: ${error.message}`;
    }
  };
  const rows = list.flatMap(s => s.hostnames.map(name => [
    s.collection, hostLink(s.collection, name), s.target_collection, s.session_regex ?? '–',
    ...(admin ? [h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${name} from ${s.collection}`,
      onclick: () => {
        if (confirm(`Stop detecting on ${s.collection}/${name}? Its model, anomalies and feedback are kept.`)) {
          change(`Remove ${name}`, () => api(`/api/sources/${encodeURIComponent(s.collection)}/hosts/${encodeURIComponent(name)}`, { method: 'DELETE' }));
        }
      } }, 'Remove')] : []),
  ]));
  const add = admin ? h('form', { class: 'inline actions', id: 'add-hosts', 'aria-label': 'Add hosts', onsubmit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      const hostnames = data.get('hostnames').split(',').map(x => x.trim()).filter(x => x);
      const body = { hostnames };
      if (data.get('target_collection').trim()) body.target_collection = data.get('target_collection').trim();
      change(`Add ${hostnames.join(', ')}`, () => api(`/api/sources/${encodeURIComponent(data.get('collection').trim())}/hosts`, { method: 'POST', body }));
    } },
    h('label', {}, 'Input collection', h('input', { name: 'collection', id: 'add-collection', required: true, list: 'known-sources' })),
    h('datalist', { id: 'known-sources' }, list.map(s => h('option', { value: s.collection }))),
    h('label', {}, 'Hosts (comma-separated)', h('input', { name: 'hostnames', id: 'add-hostnames', required: true })),
    h('label', {}, 'Target collection (new source)', h('input', { name: 'target_collection', id: 'add-target' })),
    h('button', { type: 'submit', class: 'primary' }, 'Add hosts')) : null;
  return h('section', { 'aria-labelledby': 'sources-title' },
    h('h1', { id: 'sources-title' }, 'Sources'),
    table('Hosts per source', admin ? ['Source', 'Host', 'Anomalies to', 'Session pattern', 'Change'] : ['Source', 'Host', 'Anomalies to', 'Session pattern'], rows),
    add, admin ? status : null);
}
