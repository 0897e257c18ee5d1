// One job: its facts, its workflow's DAG with each node's status, its actions, and its per-product results.
import {ApiError, download, get, query, SignInNeeded} from './api.js';
import {button} from './actions.js';
import {badge, between, duration, facts, h, idTail, json, progress, replace, time, toast} from './dom.js';
import {drawDag, nodeStatuses} from './dag.js';
import {cancelButton} from './jobs.js';

const FINISHED = ['completed', 'failed', 'cancelled'];
const RESULTS_PAGE = 100;
const FIELDS = [
  ['original_price', 'Original price'],
  ['discounted_price', 'Discounted price'],
  ['sale_status', 'Sale status'],
];

export function mount(view, context) {
  const id = context.route.id;
  const head = h('div', {id: 'job-head'});
  const details = h('div', {id: 'job-details'}, h('p', {class: 'muted'}, 'Loading the job…'));
  const dag = h('div', {id: 'job-dag', class: 'dag-wrap'});
  const results = h('section', {class: 'card', id: 'results', 'aria-labelledby': 'results-title'},
    h('h2', {id: 'results-title'}, 'Results'), h('p', {class: 'muted'}, 'Shown when the job has ended.'));
  replace(view, [
    h('p', {class: 'crumbs'}, h('a', {href: '#/jobs'}, 'Jobs'), ' / ', h('span', {class: 'mono'}, id)),
    head,
    h('section', {class: 'card', 'aria-labelledby': 'dag-title'}, h('h2', {id: 'dag-title'}, 'Workflow'), dag),
    h('section', {class: 'card', 'aria-labelledby': 'facts-title'}, h('h2', {id: 'facts-title'}, 'Job'), details),
    results,
  ]);

  let workflow = null;
  let resultsShown = false;
  const resultsView = resultsPager(id, results, context);
  const page = {
    title: `Job ${idTail(id)}`,
    interval: 2000,
    async refresh(signal) {
      let job;
      try {
        job = await get(`/jobs/${encodeURIComponent(id)}`, {signal});
      } catch (error) {
        if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) throw error;
        // no such job (or it expired): nothing to wait for
        page.interval = 0;
        replace(details, h('p', {class: 'error', role: 'alert'}, error.message));
        return;
      }
      if (!workflow) {
        const all = await get('/workflows', {signal});
        workflow = all.workflows.find(w => w.workflow_id === job.workflow_id) || {nodes: []};
      }
      replace(head, header(job, context));
      replace(details, jobFacts(job));
      const nodes = workflow.nodes;
      replace(dag, nodes.length
        ? drawDag(nodes, nodeStatuses(job, nodes))
        : h('p', {class: 'muted'}, `workflow ${job.workflow_id} is not loaded by this API`));
      if (FINISHED.includes(job.status) && !resultsShown) {
        await resultsView.show(null, job, signal);
        resultsShown = true;
        // an ended job changes no more (but for a requeue, which the dead-letter page does): stop polling it
        page.interval = 0;
      }
    },
  };
  return page;
}

function header(job, context) {
  return h('div', {class: 'section-head'},
    h('h1', {}, `${job.workflow_id} `, badge(job.status, 'large')),
    h('div', {class: 'actions'},
      job.status === 'running' ? progress(job.progress, 'job progress') : null,
      FINISHED.includes(job.status) ? null : cancelButton(job, context),
      h('a', {class: 'button quiet', href: `#/submit/${encodeURIComponent(job.workflow_id)}`}, 'Submit another')));
}

function jobFacts(job) {
  const summary = job.result?.summary;
  return [
    h('div', {class: 'columns'}, facts([
      ['Job id', h('span', {class: 'mono'}, job.job_id)],
      ['Platform', job.platform],
      ['Status', badge(job.status)],
      ['Current node', job.current_node || '—'],
      ['Priority', String(job.priority)],
      ['Attempts', String(job.attempts)],
      ['Worker', job.worker || '—'],
    ]), facts([
      ['Created', time(job.created_at)],
      ['Started', time(job.started_at)],
      ['Ended', time(job.completed_at)],
      ['Waited', duration(between(job.created_at, job.started_at || job.completed_at))],
      ['Ran for', job.started_at ? duration(between(job.started_at, job.completed_at)) : '—'],
      ['Summary', summary ? summaryText(summary) : '—'],
      ['Results file', job.results_file ? h('span', {class: 'mono clip', title: job.results_file}, job.results_file) : '—'],
    ])),
    job.error ? h('p', {class: 'error', role: 'alert'}, h('strong', {}, 'Error: '), job.error) : null,
    h('details', {}, h('summary', {}, 'Params'), json(job.params)),
    h('details', {}, h('summary', {}, 'Metadata'), json(job.metadata)),
  ];
}

function summaryText(summary) {
  return Object.entries(summary)
    .filter(([, value]) => typeof value !== 'object')
    .map(([name, value]) => `${name.replaceAll('_', ' ')} ${value}`).join(' · ');
}

/** The results section: a page of products at a time, with downloads and the failure kinds of the page. */
function resultsPager(id, section, context) {
  const cursors = [];
  let cursor = null;
  let job = null;
  const render = async signal => {
    const data = await get(`/jobs/${encodeURIComponent(id)}/results${query({limit: RESULTS_PAGE, cursor})}`, {signal});
    const mismatches = data.items.filter(item => item.match === false).length;
    const kinds = new Map();
    for (const item of data.items) {
      const kind = item.failure_kind || (item.status !== 'success' ? item.status : null);
      if (kind) kinds.set(kind, (kinds.get(kind) || 0) + 1);
    }
    replace(section, [
      h('div', {class: 'section-head'},
        h('h2', {id: 'results-title'}, 'Results'),
        h('div', {class: 'actions'},
          downloadButton(id, 'csv', 'Download CSV', context),
          downloadButton(id, 'jsonl', 'Download JSONL', context))),
      h('p', {class: 'summary', id: 'results-summary'},
        `${data.total} product(s)`, job?.result?.summary ? ` · ${summaryText(job.result.summary)}` : '',
        ` · this page: ${data.items.length}, ${mismatches} mismatch(es)`),
      kinds.size
        ? h('div', {class: 'kinds', id: 'failure-kinds'}, h('span', {}, 'Failures on this page: '),
          [...kinds.entries()].sort((a, b) => b[1] - a[1]).map(([kind, count]) =>
            h('span', {class: `badge kind kind-${kind}`}, `${kind} × ${count}`)))
        : null,
      resultsTable(data.items),
      h('div', {class: 'pager'},
        cursors.length ? button('Previous results', 'results-previous', () => {
          cursor = cursors.pop();
          load();
        }, {kind: 'quiet'}) : null,
        data.next_cursor ? button('Next results', 'results-next', () => {
          cursors.push(cursor);
          cursor = data.next_cursor;
          load();
        }) : null),
    ]);
  };
  const load = () => render().catch(error => {
    if (error instanceof SignInNeeded) context.signInNeeded();
    else toast(`Results failed: ${error.message}`, 'error');
  });
  return {
    async show(first, ended, signal) {
      cursor = first;
      job = ended;
      await render(signal);
    },
  };
}

function downloadButton(id, format, label, context) {
  return button(label, `download-${format}`, () => download(id, format).catch(error => {
    if (error instanceof SignInNeeded) context.signInNeeded();
    else toast(`Download failed: ${error.message}`, 'error');
  }), {kind: 'quiet'});
}

function resultsTable(items) {
  if (items.length === 0) return h('p', {class: 'muted empty'}, 'No results.');
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Per-product results'},
    h('table', {class: 'results'},
      h('thead', {}, h('tr', {},
        h('th', {scope: 'col'}, 'Product'), h('th', {scope: 'col'}, 'Scan'), h('th', {scope: 'col'}, 'Match'),
        FIELDS.map(([, label]) => h('th', {scope: 'col'}, label)),
        h('th', {scope: 'col'}, 'Problem'))),
      h('tbody', {}, items.map(resultRow))));
}

function resultRow(item) {
  const fetched = item.fetched || {};
  const expected = item.expected || {};
  const comparison = item.comparison || {};
  const name = fetched.product_name || expected.product_name || item.product_id || item.url;
  const match = item.match === true ? h('span', {class: 'match-yes'}, 'match')
    : item.match === false ? h('strong', {class: 'match-no'}, 'mismatch') : h('span', {class: 'muted'}, '—');
  return h('tr', {class: item.match === false ? 'row-mismatch' : item.status !== 'success' ? 'row-failed' : null,
    dataset: {url: item.url}},
  h('td', {},
    webLink(item.url) ? h('a', {href: item.url, target: '_blank', rel: 'noopener noreferrer', class: 'product'}, name)
      : h('span', {class: 'product'}, name),
    h('div', {class: 'muted small'}, [item.product_id, item.product_set_id ? `set ${item.product_set_id}` : null,
      fetched.brand].filter(Boolean).join(' · '))),
  h('td', {}, badge(item.status)),
  h('td', {}, match),
  FIELDS.map(([field]) => fieldCell(field, expected, fetched, comparison)),
  h('td', {}, item.failure_kind ? h('span', {class: 'badge kind'}, item.failure_kind) : '',
    item.error ? h('div', {class: 'error small clip', title: item.error}, item.error) : ''));
}

function fieldCell(field, expected, fetched, comparison) {
  const got = fetched[field];
  if (!(field in comparison)) return h('td', {}, show(got));
  const differs = comparison[field] === false;
  return h('td', {class: differs ? 'mismatch' : 'same', title: differs ? `expected ${show(expected[field])}` : null},
    differs ? [h('del', {class: 'expected', 'aria-label': 'expected'}, show(expected[field])), ' → ',
      h('ins', {class: 'fetched', 'aria-label': 'fetched'}, show(got))] : show(got));
}

function show(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return value.toLocaleString();
  return String(value);
}

/** Only a web page is linked: a product URL is the caller's text, and a `javascript:` or `data:` one must not run. */
function webLink(url) {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
