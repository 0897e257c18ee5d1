// Schedules: when each runs next, how its last run went; pause, resume, run now.
import {get, post} from './api.js';
import {act, button} from './actions.js';
import {badge, h, idTail, jobLink, replace, table, time} from './dom.js';

export function mount(view, context) {
  const list = h('div', {id: 'schedule-list'}, h('p', {class: 'muted'}, 'Loading schedules…'));
  replace(view, [h('h1', {}, 'Schedules'), list]);
  return {
    title: 'Schedules',
    interval: 5000,
    async refresh(signal) {
      const data = await get('/schedules', {signal});
      replace(list, table('Schedules',
        ['Schedule', 'Workflow', 'When', 'State', 'Next run', 'Last run', 'Last outcome', 'Last success', ''],
        data.schedules.map(schedule => [
          h('strong', {class: 'schedule-id'}, schedule.id),
          schedule.workflow_id,
          when(schedule),
          schedule.paused ? h('span', {class: 'badge status-paused'}, 'paused') : h('span', {class: 'badge status-active'}, 'active'),
          schedule.paused ? h('span', {class: 'muted'}, '—') : time(schedule.next_run),
          time(schedule.last_run),
          schedule.last_outcome ? h('span', {}, badge(schedule.last_outcome), ' ',
            schedule.last_job_id ? jobLink(schedule.last_job_id) : '') : h('span', {class: 'muted'}, '—'),
          time(schedule.last_success_at),
          h('div', {class: 'actions'}, toggle(schedule, context), runNow(schedule, context)),
        ]), {empty: 'No schedules. Create them with POST /api/v2/schedules or the schedule command.'}));
    },
  };
}

function when(schedule) {
  if (schedule.cron) return h('span', {}, h('code', {}, schedule.cron), ` ${schedule.time_zone || ''}`);
  if (schedule.when_idle) {
    return `when idle, ≥ ${schedule.when_idle.min_minutes_after_success} min after a success`;
  }
  return '—';
}

function toggle(schedule, context) {
  const id = schedule.id;
  const path = `/schedules/${encodeURIComponent(id)}`;
  return schedule.paused
    ? button('Resume', `resume-${id}`, () => act(context, {
      title: 'Resume schedule',
      text: `Resume ${id}? A cron schedule waits for its next future slot.`,
      confirmLabel: 'Resume',
      run: () => post(`${path}/resume`),
      done: () => `${id} resumed`,
    }), {kind: 'small', describedBy: `Resume schedule ${id}`})
    : button('Pause', `pause-${id}`, () => act(context, {
      title: 'Pause schedule',
      text: `Pause ${id}? It queues no run until resumed.`,
      confirmLabel: 'Pause',
      run: () => post(`${path}/pause`),
      done: () => `${id} paused`,
    }), {kind: 'small quiet', describedBy: `Pause schedule ${id}`});
}

function runNow(schedule, context) {
  const id = schedule.id;
  return button('Run now', `run-${id}`, () => act(context, {
    title: 'Run schedule now',
    text: `Queue one run of ${id} (${schedule.workflow_id}) now?`,
    confirmLabel: 'Run now',
    run: () => post(`/schedules/${encodeURIComponent(id)}/run-now`),
    done: answer => `run of ${id} queued: job ${idTail(answer.job_id)}`,
  }), {kind: 'small quiet', describedBy: `Run schedule ${id} now`});
}
