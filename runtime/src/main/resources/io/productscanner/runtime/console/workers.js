// Workers: every live process from its heartbeat (memory, uptime, version), and a restart of a platform's scanner.
import {get, post} from './api.js';
import {act, button} from './actions.js';
import {badge, duration, h, replace, table, time} from './dom.js';

export function mount(view, context) {
  const list = h('div', {id: 'worker-list'}, h('p', {class: 'muted'}, 'Loading workers…'));
  const summary = h('p', {class: 'summary'});
  replace(view, [h('h1', {}, 'Workers'), summary, list]);
  return {
    title: 'Workers',
    interval: 5000,
    async refresh(signal) {
      const data = await get('/workers', {signal});
      replace(summary, `${data.summary.count} live process(es) · this API runs ${data.summary.api_version}`);
      replace(list, table('Workers',
        ['Service', 'Role', 'Status', 'Platforms', 'Jobs', 'Heartbeat', 'Up', 'Memory (MiB)', 'Version', 'Host', 'Restart'],
        data.workers.map(worker => [
          h('strong', {}, worker.service),
          worker.role,
          badge(worker.status),
          (worker.platforms || []).join(', '),
          (worker.current_jobs || []).length ? String((worker.current_jobs || []).length) : '0',
          `${duration(worker.age_seconds)} ago`,
          h('span', {title: 'started'}, duration(worker.uptime_seconds), ' ', h('span', {class: 'muted small'}, 'since '),
            time(worker.started_at)),
          memory(worker),
          h('span', {class: 'small'}, worker.version || '—'),
          h('span', {class: 'small'}, `${worker.hostname || '?'} · pid ${worker.pid ?? '?'}`),
          restart(worker, context),
        ]), {empty: 'No live process: no heartbeat in Redis.'}));
    },
  };
}

function memory(worker) {
  const parts = [`rss ${worker.rss_mb ?? '—'}`, `heap ${worker.heap_used_mb ?? '—'}`];
  if (worker.working_set_mb !== null && worker.working_set_mb !== undefined) {
    parts.push(`set ${worker.working_set_mb}${worker.memory_limit_mb ? ` / ${worker.memory_limit_mb}` : ''}`);
  }
  return parts.join(' · ');
}

/** The platform picked in each worker's restart list, kept across refreshes. */
const picked = new Map();

/** A platform's scanner is what restarts (the worker serving it, once idle): pick which. */
function restart(worker, context) {
  const platforms = (worker.platforms || []).filter(p => p !== 'default');
  if (platforms.length === 0 || worker.role === 'api') return '';
  const key = `restart-${worker.service}-${worker.pid}`;
  const choice = h('select', {'aria-label': `Platform to restart on ${worker.service}`, dataset: {key: `${key}-choice`}},
    platforms.map(p => h('option', {value: p, selected: picked.get(key) === p}, p)));
  choice.addEventListener('change', () => picked.set(key, choice.value));
  return h('div', {class: 'actions'}, choice, button('Restart', key, () => act(context, {
    title: 'Restart a platform scanner',
    text: `Restart the ${choice.value} scanner? Its worker closes and recreates it once idle (a running job finishes first).`,
    confirmLabel: 'Restart',
    run: () => post(`/workers/${encodeURIComponent(choice.value)}/restart`),
    done: () => `${choice.value} restart requested`,
  }), {kind: 'small quiet'}));
}
