// Jobs: the history, filtered by status, platform, workflow and creation time, a cursor page at a time.
import {get, post, query} from './api.js';
import {act, button} from './actions.js';
import {badge, between, duration, h, idTail, jobLink, progress, replace, table, time} from './dom.js';

const STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'];
const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mount(view, context) {
  const params = context.route.params;
  const filters = {
    status: params.get('status') || '',
    platform: params.get('platform') || '',
    workflow_id: params.get('workflow_id') || '',
    since: params.get('since') || '',
    until: params.get('until') || '',
  };
  // cursors of the pages before this one, so "Previous" goes back without the API keeping anything
  const cursors = [];
  let cursor = null;
  const status = select('status', 'Status', STATUSES, filters.status);
  const platform = select('platform', 'Platform', [], filters.platform);
  const workflow = select('workflow_id', 'Workflow', [], filters.workflow_id);
  const since = h('input', {id: 'f-since', name: 'since', type: 'datetime-local', value: localInput(filters.since)});
  const until = h('input', {id: 'f-until', name: 'until', type: 'datetime-local', value: localInput(filters.until)});
  const search = h('input', {id: 'job-search', name: 'job', type: 'search', placeholder: 'job id (UUID)',
    autocomplete: 'off', spellcheck: 'false'});
  const found = h('div', {id: 'jobs-list'}, h('p', {class: 'muted'}, 'Loading jobs…'));
  const pager = h('div', {class: 'pager'});

  const filterForm = h('form', {class: 'filters card', onsubmit: event => {
    event.preventDefault();
    const chosen = {
      status: status.querySelector('select').value,
      platform: platform.querySelector('select').value,
      workflow_id: workflow.querySelector('select').value,
      since: since.value ? new Date(since.value).toISOString() : '',
      until: until.value ? new Date(until.value).toISOString() : '',
    };
    location.hash = `#/jobs${query(chosen)}`;
  }},
  status, platform, workflow,
  h('div', {class: 'field'}, h('label', {for: 'f-since'}, 'Created from'), since),
  h('div', {class: 'field'}, h('label', {for: 'f-until'}, 'to'), until),
  h('div', {class: 'field buttons'}, h('button', {type: 'submit'}, 'Apply'),
    h('a', {href: '#/jobs', class: 'button quiet'}, 'Clear')));
  const searchForm = h('form', {class: 'search', role: 'search', onsubmit: event => {
    event.preventDefault();
    const id = search.value.trim();
    if (UUID.test(id)) {
      location.hash = `#/jobs/${id.toLowerCase()}`;
      return;
    }
    search.setCustomValidity('a job id is a UUID, e.g. 019ad0c1-…');
    search.reportValidity();
  }},
  h('label', {for: 'job-search'}, 'Find a job'), search, h('button', {type: 'submit'}, 'Open'));
  search.addEventListener('input', () => search.setCustomValidity(''));

  replace(view, [h('div', {class: 'section-head'}, h('h1', {}, 'Jobs'), searchForm), filterForm, found, pager]);

  let choicesLoaded = false;
  const page = {
    title: 'Jobs',
    interval: 3000,
    async refresh(signal) {
      if (!choicesLoaded) {
        const [platforms, workflows] = await Promise.all([get('/platforms', {signal}), get('/workflows', {signal})]);
        fill(platform.querySelector('select'), platforms.queues, filters.platform);
        fill(workflow.querySelector('select'), workflows.workflows.map(w => w.workflow_id), filters.workflow_id);
        choicesLoaded = true;
      }
      const data = await get(`/jobs${query({...filters, limit: PAGE, cursor})}`, {signal});
      replace(found, [
        h('p', {class: 'summary', id: 'jobs-total'}, data.total !== undefined
          ? `${data.total} job(s) match; showing ${data.jobs.length}`
          : `showing ${data.jobs.length}`),
        table('Jobs', ['Job', 'Workflow', 'Platform', 'Status', 'Progress', 'Created', 'Ran for', 'Attempts', 'Error', ''],
          data.jobs.map(job => row(job, context)), {empty: 'No job matches.'}),
      ]);
      replace(pager, [
        cursors.length ? button('Previous page', 'previous', () => {
          cursor = cursors.pop();
          context.refreshNow();
        }, {kind: 'quiet'}) : null,
        data.next_cursor ? button('Next page', 'next', () => {
          cursors.push(cursor);
          cursor = data.next_cursor;
          context.refreshNow();
        }) : null,
      ]);
    },
  };
  return page;
}

function row(job, context) {
  const finished = ['completed', 'failed', 'cancelled'].includes(job.status);
  return [
    jobLink(job.job_id),
    job.workflow_id,
    job.platform,
    badge(job.status),
    job.status === 'running' ? progress(job.progress, `progress of ${job.job_id}`) : '',
    time(job.created_at),
    duration(between(job.started_at, job.completed_at)),
    String(job.attempts ?? 0),
    job.error ? h('span', {class: 'error clip', title: job.error}, job.error) : '',
    finished ? '' : cancelButton(job, context),
  ];
}

/** Cancel: a queued job ends at once, a running one at its next product. */
export function cancelButton(job, context) {
  return button('Cancel', `cancel-${job.job_id}`, () => act(context, {
    title: 'Cancel job',
    text: `Cancel ${job.workflow_id} job ${job.job_id}? A queued job is removed at once; a running one stops at its next product.`,
    confirmLabel: 'Cancel job',
    run: () => post(`/jobs/${job.job_id}/cancel`),
    done: answer => `job ${idTail(job.job_id)} ${answer.status}`,
  }), {kind: 'danger small', describedBy: `Cancel job ${job.job_id}`});
}

function select(name, label, values, chosen) {
  const el = h('select', {id: `f-${name}`, name}, h('option', {value: ''}, 'any'));
  fill(el, values, chosen);
  return h('div', {class: 'field'}, h('label', {for: `f-${name}`}, label), el);
}

function fill(el, values, chosen) {
  for (const value of values) el.append(h('option', {value, selected: value === chosen}, value));
  if (chosen && !values.includes(chosen) && values.length) el.append(h('option', {value: chosen, selected: true}, chosen));
}

/** An ISO instant as a datetime-local input shows it, in the operator's zone. */
function localInput(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
