// A workflow's DAG as SVG: nodes in columns by their depth from the start, arrows along `next`, each node marked
// with the job's status for it (pending, running, done, skipped, failed).
import {s} from './dom.js';

const NODE_W = 132;
const NODE_H = 44;
const GAP_X = 34;
const GAP_Y = 16;

/**
 * @param nodes    the workflow's nodes, [{id, type, next}] in its order
 * @param statuses {node_id: {status, ...}} from the job
 */
export function drawDag(nodes, statuses) {
  const byId = new Map(nodes.map(node => [node.id, node]));
  const depth = new Map();
  // longest path from a start node: a node sits right of everything that leads to it
  const visit = (id, d, seen) => {
    if (seen.has(id) || (depth.get(id) ?? -1) >= d) return;
    depth.set(id, d);
    for (const next of byId.get(id)?.next || []) visit(next, d + 1, new Set([...seen, id]));
  };
  const targets = new Set(nodes.flatMap(node => node.next || []));
  for (const node of nodes) if (!targets.has(node.id)) visit(node.id, 0, new Set());
  for (const node of nodes) if (!depth.has(node.id)) depth.set(node.id, 0);
  const columns = [];
  for (const node of nodes) (columns[depth.get(node.id)] ||= []).push(node.id);
  const place = new Map();
  columns.forEach((ids, c) => ids.forEach((id, r) => place.set(id, {x: 8 + c * (NODE_W + GAP_X), y: 8 + r * (NODE_H + GAP_Y)})));
  const width = 16 + columns.length * (NODE_W + GAP_X) - GAP_X;
  const height = 16 + Math.max(...columns.map(ids => ids.length)) * (NODE_H + GAP_Y) - GAP_Y;

  const edges = nodes.flatMap(node => (node.next || []).filter(next => place.has(next)).map(next => {
    const from = place.get(node.id);
    const to = place.get(next);
    const x1 = from.x + NODE_W;
    const y1 = from.y + NODE_H / 2;
    const x2 = to.x - 4;
    const y2 = to.y + NODE_H / 2;
    const bend = (x2 - x1) / 2;
    return s('path', {class: 'edge', d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`,
      'marker-end': 'url(#arrow)'});
  }));
  const boxes = nodes.map(node => {
    const at = place.get(node.id);
    const status = statuses[node.id]?.status || 'pending';
    return s('g', {class: `dag-node node-${status}`, 'data-node': node.id, 'data-status': status},
      s('title', {}, `${node.id} (${node.type}): ${status}`),
      s('rect', {x: at.x, y: at.y, width: NODE_W, height: NODE_H, rx: 6}),
      s('text', {class: 'node-id', x: at.x + 10, y: at.y + 18}, node.id),
      s('text', {class: 'node-status', x: at.x + 10, y: at.y + 35}, status));
  });
  return s('svg', {class: 'dag', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img',
    'aria-label': `Workflow nodes: ${nodes.map(node => `${node.id} ${statuses[node.id]?.status || 'pending'}`).join(', ')}`},
  s('defs', {}, s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7',
    markerHeight: '7', orient: 'auto-start-reverse'}, s('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow'}))),
  ...edges, ...boxes);
}

/**
 * The job's node statuses; from `current_node` and the job's status where the API sent none (a job recorded by a
 * build that did not keep them): the nodes before the current one done, after it pending.
 */
export function nodeStatuses(job, nodes) {
  if (job.nodes && Object.keys(job.nodes).length) return job.nodes;
  const order = nodes.map(node => node.id);
  const at = order.indexOf(job.current_node);
  const out = {};
  order.forEach((id, i) => {
    let status = 'pending';
    if (job.status === 'completed') status = 'done';
    else if (at >= 0 && i < at) status = 'done';
    else if (i === at) status = job.status === 'running' ? 'running' : job.status === 'failed' ? 'failed' : 'pending';
    out[id] = {status};
  });
  return out;
}
