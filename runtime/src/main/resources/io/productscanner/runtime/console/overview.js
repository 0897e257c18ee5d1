// Overview: one lane per queue (what runs, what waits, the last result, the worker, the lock), and the timeline.
import {get, post} from './api.js';
import {act, button} from './actions.js';
import {badge, duration, facts, h, idTail, jobLink, progress, replace, time} from './dom.js';
import {drawTimeline, recentJobs} from './timeline.js';

/** The timeline's jobs are read less often than the lanes: it is the larger answer and changes slowly. */
const TIMELINE_EVERY_MS = 15_000;
const HOURS = [0.25, 1, 6, 24];

export function mount(view, context) {
  const summary = h('p', {class: 'summary', id: 'queue-summary'});
  const lanes = h('div', {class: 'lanes', id: 'lanes'}, h('p', {class: 'muted'}, 'Loading queues…'));
  const timeline = h('div', {id: 'timeline'}, h('p', {class: 'muted'}, 'Loading the timeline…'));
  let hours = Number(context.route.params.get('hours')) || 6;
  let timelineAt = 0;
  let queueNames = [];
  const hourButtons = h('div', {class: 'segmented', role: 'group', 'aria-label': 'Timeline span'},
    HOURS.map(n => h('button', {type: 'button', 'aria-pressed': String(n === hours), onclick: event => {
      hours = n;
      for (const other of event.currentTarget.parentElement.children) other.setAttribute('aria-pressed', 'false');
      event.currentTarget.setAttribute('aria-pressed', 'true');
      timelineAt = 0;
      context.refreshNow();
    }}, spanText(n))));
  replace(view, [
    h('h1', {}, 'Overview'),
    summary,
    h('section', {class: 'card', 'aria-labelledby': 'timeline-title'},
      h('div', {class: 'section-head'}, h('h2', {id: 'timeline-title'}, 'Timeline'), hourButtons),
      timeline),
    lanes,
  ]);

  return {
    title: 'Overview',
    interval: 2000,
    async refresh(signal) {
      const data = await get('/queues', {signal});
      queueNames = data.queues.map(queue => queue.queue);
      const counts = data.summary;
      replace(summary, `${counts.running_count} running · ${counts.waiting_count} waiting · `
        + `${counts.paused_count} paused`);
      replace(lanes, data.queues.map(queue => lane(queue, context)));
      if (Date.now() - timelineAt >= TIMELINE_EVERY_MS) {
        const span = hours;
        const jobs = await recentJobs(span, signal);
        // a span chosen while this read was under way is drawn by the refresh its button asked for
        if (span === hours) {
          timelineAt = Date.now();
          replace(timeline, drawTimeline(queueNames, jobs, span));
        }
      }
    },
  };
}

function lane(queue, context) {
  const name = queue.queue;
  const pause = queue.paused
    ? button('Resume', `resume-${name}`, () => act(context, {
      title: `Resume ${name}`,
      text: `Workers take jobs from the ${name} queue again.`,
      confirmLabel: 'Resume',
      run: () => post(`/queues/${encodeURIComponent(name)}/resume`),
      done: () => `${name} resumed`,
    }))
    : button('Pause', `pause-${name}`, () => act(context, {
      title: `Pause ${name}`,
      text: `Workers take no new job from the ${name} queue; a running job finishes, new submissions wait.`,
      confirmLabel: 'Pause',
      run: () => post(`/queues/${encodeURIComponent(name)}/pause`),
      done: () => `${name} paused`,
    }), {kind: 'quiet'});
  const running = queue.running;
  const release = queue.lock
    ? button('Force release', `release-${name}`, () => act(context, {
      title: `Force-release ${name}`,
      text: `Delete the ${name} lock held by ${queue.lock.holder} and put the job it runs back at the head of the queue? `
        + 'Only for a worker that hangs: the holder discards its outcome at its next lease renewal.',
      confirmLabel: 'Force release',
      run: () => post(`/jobs/platform/${encodeURIComponent(name)}/force-release`),
      done: answer => `${name} released${answer.job_id ? `; job ${idTail(answer.job_id)} requeued` : ''}`,
    }), {kind: 'small danger'})
    : null;
  return h('article', {class: `lane card${queue.paused ? ' paused' : ''}`, 'aria-labelledby': `lane-${name}`,
    dataset: {queue: name}},
  h('header', {class: 'lane-head'},
    h('h2', {id: `lane-${name}`}, name),
    queue.paused ? h('span', {class: 'badge status-paused'}, 'paused') : null,
    pause),
  running
    ? h('div', {class: 'running'},
      h('p', {}, badge('running'), ' ', jobLink(running.job_id), ' ', h('span', {class: 'muted'}, running.workflow_id)),
      progress(running.progress, `progress of ${running.job_id}`),
      h('p', {class: 'muted'}, 'node ', h('strong', {class: 'node'}, running.current_node || '—'),
        ` · ${duration(running.elapsed_seconds)} · attempt ${running.attempts ?? 1}`,
        running.worker ? ` · ${running.worker}` : ''))
    : h('p', {class: 'idle muted'}, queue.paused ? 'Paused: nothing runs.' : 'Idle: nothing runs.'),
  facts([
    ['Waiting', h('span', {class: 'waiting'}, String(queue.waiting),
      queue.oldest_wait_seconds !== null && queue.oldest_wait_seconds !== undefined
        ? h('span', {class: 'muted'}, ` (oldest ${duration(queue.oldest_wait_seconds)})`) : '')],
    ['Last result', lastResult(queue.last_finished)],
    ['Lock', queue.lock
      ? h('span', {}, h('span', {class: 'mono'}, queue.lock.holder), ` · ${duration(queue.lock.lease_left_ms / 1000)} left `,
        release)
      : h('span', {class: 'muted'}, 'free')],
    ['Workers', queue.workers.length
      ? h('ul', {class: 'plain'}, queue.workers.map(worker => h('li', {},
        `${worker.service} `, badge(worker.status), ' ',
        h('span', {class: 'muted', title: 'since its last heartbeat'}, `♥ ${duration(worker.age_seconds)}`))))
      : h('span', {class: 'warn'}, 'no live worker')],
  ]));
}

/** A timeline span as its button says it. */
function spanText(hours) {
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${hours} h`;
}

function lastResult(last) {
  if (!last) return h('span', {class: 'muted'}, 'none yet');
  const summary = last.summary || {};
  const counts = summary.total !== undefined
    ? ` · ${summary.match ?? 0}/${summary.total} match${summary.mismatch ? `, ${summary.mismatch} mismatch` : ''}`
    : '';
  return h('span', {}, badge(last.status), ' ', jobLink(last.job_id), ' ', time(last.completed_at, {relative: true}), counts);
}
