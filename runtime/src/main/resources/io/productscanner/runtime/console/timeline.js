// The last hours per queue, each job a bar from its start to its end: one platform runs one job at a time, so a
// lane's bars never overlap, and the gaps between them are the time its queue stood idle.
import {get, query} from './api.js';
import {clock, duration, h, s} from './dom.js';

const WIDTH = 1000;
const LABEL = 120;
const ROW = 26;
const AXIS = 24;
/** At most this many pages of 500 jobs are read for one drawing: a bound on what one refresh costs. */
const MAX_PAGES = 4;

/** The jobs created in the last `hours` (and those still running), newest first. */
export async function recentJobs(hours, signal) {
  const since = new Date(Date.now() - hours * 3600_000).toISOString();
  const jobs = [];
  let cursor = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await get(`/jobs${query({since, limit: 500, cursor})}`, {signal});
    jobs.push(...data.jobs);
    cursor = data.next_cursor;
    if (!cursor) break;
  }
  return jobs;
}

/** The timeline as SVG: one row per queue, a bar per job that ran in the window. */
export function drawTimeline(queues, jobs, hours) {
  const end = Date.now();
  const start = end - hours * 3600_000;
  const plot = WIDTH - LABEL - 10;
  const x = t => LABEL + ((t - start) / (end - start)) * plot;
  const height = AXIS + queues.length * ROW + 4;
  const rows = new Map(queues.map((queue, i) => [queue, i]));
  const shown = jobs.filter(job => job.started_at && rows.has(job.platform)
    && (job.completed_at ? Date.parse(job.completed_at) : end) >= start);

  const ticks = [];
  const step = hours <= 0.5 ? 5 * 60_000 : hours <= 2 ? 15 * 60_000 : hours <= 8 ? 3600_000 : 4 * 3600_000;
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    ticks.push(s('g', {class: 'tick'},
      s('line', {x1: x(t), x2: x(t), y1: AXIS - 4, y2: height}),
      s('text', {x: x(t), y: AXIS - 8, 'text-anchor': 'middle'}, clock(new Date(t)))));
  }
  const lanes = queues.map((queue, i) => s('g', {class: 'row'},
    s('rect', {class: i % 2 ? 'stripe odd' : 'stripe', x: 0, y: AXIS + i * ROW, width: WIDTH, height: ROW}),
    s('text', {class: 'row-label', x: 6, y: AXIS + i * ROW + ROW / 2 + 4}, queue)));
  const bars = shown.map(job => {
    const from = Math.max(start, Date.parse(job.started_at));
    const to = job.completed_at ? Date.parse(job.completed_at) : end;
    const left = x(from);
    const width = Math.max(2, x(to) - left);
    const label = `${job.workflow_id} · ${job.status} · ${new Date(job.started_at).toLocaleString()} · `
      + `${duration((to - Date.parse(job.started_at)) / 1000)} · ${job.job_id}`;
    return s('a', {href: `#/jobs/${job.job_id}`, 'aria-label': label, 'data-key': `bar-${job.job_id}`},
      s('rect', {class: `bar status-${job.status}`, x: left, y: AXIS + rows.get(job.platform) * ROW + 4,
        width, height: ROW - 8, rx: 2}, s('title', {}, label)));
  });
  const now = s('line', {class: 'now', x1: x(end), x2: x(end), y1: AXIS - 4, y2: height});
  return h('figure', {class: 'timeline'},
    s('svg', {viewBox: `0 0 ${WIDTH} ${height}`, role: 'group',
      'aria-label': `Jobs of the last ${hours < 1 ? `${Math.round(hours * 60)} minutes` : `${hours} hours`} per queue: ${shown.length} shown`},
    ...lanes, ...ticks, ...bars, now),
    h('figcaption', {class: 'legend'},
      ['completed', 'failed', 'cancelled', 'running'].map(status =>
        h('span', {class: 'legend-item'}, h('span', {class: `swatch status-${status}`}), status)),
      h('span', {class: 'muted'}, ` ${shown.length} job(s); hover a bar for its times, select it to open the job.`)));
}
