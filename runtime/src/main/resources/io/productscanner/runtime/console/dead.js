// Dead letters: jobs given up on after MAX_ATTEMPTS runs; requeue one, or all (of a platform).
import {get, post, query} from './api.js';
import {act, button} from './actions.js';
import {h, idTail, jobLink, replace, table, time} from './dom.js';

const PAGE = 100;

export function mount(view, context) {
  const platform = context.route.params.get('platform') || '';
  const list = h('div', {id: 'dead-list'}, h('p', {class: 'muted'}, 'Loading dead letters…'));
  const tools = h('div', {class: 'actions'});
  const cursors = [];
  let cursor = null;
  replace(view, [h('div', {class: 'section-head'}, h('h1', {}, 'Dead letters'), tools),
    h('p', {class: 'muted'}, 'Jobs given up on after their last attempt. A requeued job goes back to its queue as ',
      'pending, its attempts reset, and resumes from its checkpoint.'),
    list]);

  return {
    title: 'Dead letters',
    interval: 5000,
    async refresh(signal) {
      const data = await get(`/jobs/dead${query({platform, limit: PAGE, cursor})}`, {signal});
      const total = data.total ?? data.count;
      replace(tools, total > 0 ? button(platform ? `Requeue all of ${platform}` : 'Requeue all', 'requeue-all', () => act(context, {
        title: 'Requeue all dead jobs',
        text: `Put ${platform ? `every dead ${platform} job` : `all ${total} dead job(s)`} back on their queues?`,
        confirmLabel: 'Requeue all',
        run: () => post('/jobs/dead', platform ? {all: true, platform} : {all: true}),
        done: answer => `${answer.requeued_count} job(s) requeued`,
      })) : null);
      replace(list, [
        h('p', {class: 'summary', id: 'dead-total'}, `${total} dead job(s)`),
        table('Dead jobs', ['Job', 'Workflow', 'Platform', 'Attempts', 'Error', 'Dead since', ''],
          data.jobs.map(job => [
            jobLink(job.job_id), job.workflow_id, job.platform, String(job.attempts),
            job.error ? h('span', {class: 'error clip', title: job.error}, job.error) : '',
            time(job.dead_at),
            button('Requeue', `requeue-${job.job_id}`, () => act(context, {
              title: 'Requeue job',
              text: `Put dead job ${job.job_id} (${job.workflow_id}) back on the ${job.platform} queue?`,
              confirmLabel: 'Requeue',
              run: () => post(`/jobs/dead/${job.job_id}/requeue`),
              done: answer => `job ${idTail(answer.job_id)} ${answer.status}`,
            }), {kind: 'small', describedBy: `Requeue job ${job.job_id}`}),
          ]), {empty: 'No dead jobs.'}),
        h('div', {class: 'pager'},
          cursors.length ? button('Previous page', 'previous', () => { cursor = cursors.pop(); context.refreshNow(); },
            {kind: 'quiet'}) : null,
          data.next_cursor ? button('Next page', 'next', () => {
            cursors.push(cursor);
            cursor = data.next_cursor;
            context.refreshNow();
          }) : null),
      ]);
    },
  };
}
