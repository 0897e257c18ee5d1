// Building DOM without innerHTML: every text the API sends (product names, errors) lands as text, never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element: h('a', {href: '#/jobs', class: 'x'}, 'text', child, [more]). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element, as h builds HTML ones. */
export function s(tag, attrs = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** A date as the operator's zone shows it, with the UTC instant in its title (shown on hover). */
export function time(value, {relative = false} = {}) {
  if (value === null || value === undefined || value === '') return h('span', {class: 'muted'}, '—');
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return h('span', {}, String(value));
  const utc = date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const text = relative ? `${ago(date)} ago` : LOCAL.format(date);
  return h('time', {datetime: date.toISOString(), title: relative ? `${LOCAL.format(date)} (${utc})` : utc}, text);
}

const LOCAL = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});
const CLOCK = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});

/** Hours and minutes in the operator's zone, for axis labels. */
export function clock(date) {
  return CLOCK.format(date);
}

function ago(date) {
  return duration((Date.now() - date.getTime()) / 1000);
}

/** Seconds as "1h 02m", "3m 05s", "12s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return '—';
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(secs).padStart(2, '0')}s`;
  return `${secs}s`;
}

/** Seconds between two instants (the second one now when absent). */
export function between(from, to) {
  if (!from) return null;
  const end = to ? new Date(to).getTime() : Date.now();
  return (end - new Date(from).getTime()) / 1000;
}

/** A status word as a badge, its text always present (colour is never the only sign). */
export function badge(status, extraClass = '') {
  const word = status ?? 'unknown';
  return h('span', {class: `badge status-${String(word).replace(/[^a-z_]/g, '')} ${extraClass}`.trim()}, word);
}

/** A progress bar with its percentage as text beside it. */
export function progress(value, label) {
  const ratio = Math.max(0, Math.min(1, Number(value) || 0));
  const percent = `${Math.round(ratio * 100)}%`;
  return h('span', {class: 'progress'},
    h('progress', {max: '1', value: String(ratio), 'aria-label': label || 'progress'}, percent),
    h('span', {class: 'progress-text'}, percent));
}

/**
 * A job id shortened to its last 8 characters: job ids are UUIDv7, whose first characters are the creation time
 * and so the same for every job of the same minute; the end is random.
 */
export function idTail(id) {
  return String(id).slice(-8);
}

/** A UUID shortened, the whole one in the title. */
export function shortId(id) {
  return h('span', {class: 'mono', title: id}, idTail(id));
}

export function jobLink(id) {
  return h('a', {href: `#/jobs/${encodeURIComponent(id)}`, class: 'mono', title: id, dataset: {key: `job-${id}`}},
    idTail(id));
}

/** A table from column headings and rows of cells; scrolls sideways on a narrow screen instead of squeezing. */
export function table(caption, headings, rows, {empty = 'Nothing to show.', rowClass} = {}) {
  if (rows.length === 0) return h('p', {class: 'muted empty'}, empty);
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption, dataset: {key: caption}},
    h('table', {},
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', {}, h('tr', {}, headings.map(text => h('th', {scope: 'col'}, text)))),
      h('tbody', {}, rows.map((cells, i) => h('tr', {class: rowClass ? rowClass(i) : null},
        cells.map(cell => h('td', {}, cell)))))));
}

/** A description list from [term, value] pairs. */
export function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

/** JSON as indented text, for params and metadata. */
export function json(value) {
  return h('pre', {class: 'json'}, JSON.stringify(value ?? null, null, 2));
}

/**
 * Replaces what `region` shows with `content`, keeping the keyboard focus on the element that had it (matched by
 * its data-key), so a refresh every few seconds neither grows the page nor throws an operator's focus away.
 */
export function replace(region, content) {
  const focused = document.activeElement;
  const key = focused && region.contains(focused) ? focused.dataset.key : undefined;
  region.replaceChildren(...[content].flat().filter(Boolean));
  if (key) {
    const again = region.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (again) again.focus({preventScroll: true});
  }
}

const dialog = () => document.getElementById('confirm');

/** Asks before an action: resolves true when the operator confirms. Escape or "Keep as is" resolve false. */
export function confirmAction(title, text, confirmLabel = 'Confirm') {
  const box = dialog();
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  const yes = document.getElementById('confirm-yes');
  const no = document.getElementById('confirm-no');
  yes.textContent = confirmLabel;
  return new Promise(resolve => {
    const done = answer => {
      yes.removeEventListener('click', onYes);
      no.removeEventListener('click', onNo);
      box.removeEventListener('close', onClose);
      if (box.open) box.close();
      resolve(answer);
    };
    const onYes = () => done(true);
    const onNo = () => done(false);
    const onClose = () => done(false);
    yes.addEventListener('click', onYes);
    no.addEventListener('click', onNo);
    box.addEventListener('close', onClose);
    box.showModal();
    no.focus();
  });
}

let toastTimer;

/** A short message in the corner, read out by screen readers. */
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.className = `toast shown ${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, 6000);
}
