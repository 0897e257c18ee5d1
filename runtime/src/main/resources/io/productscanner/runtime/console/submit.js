// Submit: a form built from a workflow's params (name, required, default, description), sent to
// POST /api/v2/workflows/execute after a confirmation.
import {ApiError, get, post} from './api.js';
import {act} from './actions.js';
import {h, idTail, replace} from './dom.js';

export function mount(view, context) {
  const chooser = h('select', {id: 'workflow', name: 'workflow_id', required: true});
  const fields = h('div', {id: 'param-fields'});
  const problem = h('p', {class: 'error', role: 'alert', id: 'submit-problem', hidden: true});
  const priority = h('input', {id: 'priority', name: 'priority', type: 'number', min: '-1000', max: '1000', value: '0'});
  let workflows = [];
  let chosen = null;

  const form = h('form', {class: 'card submit-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    problem.hidden = true;
    let body;
    try {
      body = request(chosen, fields, priority);
    } catch (error) {
      showProblem(problem, error.message);
      return;
    }
    const answer = await act(context, {
      title: 'Submit job',
      text: `Queue a ${chosen.workflow_id} job on the ${chosen.platform || 'default'} queue?`,
      confirmLabel: 'Submit',
      run: () => post('/workflows/execute', body).catch(error => {
        if (error instanceof ApiError) showProblem(problem, `${error.field ? `${error.field}: ` : ''}${error.message}`);
        throw error;
      }),
      done: job => `job ${idTail(job.job_id)} ${job.duplicate ? 'already existed' : 'queued'}`,
    });
    if (answer) location.hash = `#/jobs/${answer.job_id}`;
  }},
  h('div', {class: 'field'}, h('label', {for: 'workflow'}, 'Workflow'), chooser),
  h('p', {class: 'muted', id: 'workflow-description'}),
  fields,
  h('div', {class: 'field'}, h('label', {for: 'priority'}, 'Priority'), priority,
    h('span', {class: 'muted small'}, 'higher runs first; −1000 to 1000')),
  problem,
  h('button', {type: 'submit'}, 'Submit…'));

  chooser.addEventListener('change', () => {
    chosen = workflows.find(w => w.workflow_id === chooser.value);
    history.replaceState(null, '', `#/submit/${encodeURIComponent(chooser.value)}`);
    renderFields(chosen, fields, form.querySelector('#workflow-description'));
  });
  replace(view, [h('h1', {}, 'Submit a job'), form]);

  return {
    title: 'Submit',
    interval: 0,
    async refresh(signal) {
      if (workflows.length) return;
      workflows = (await get('/workflows', {signal})).workflows;
      for (const workflow of workflows) {
        chooser.append(h('option', {value: workflow.workflow_id}, workflow.workflow_id));
      }
      chosen = workflows.find(w => w.workflow_id === context.route.id) || workflows[0];
      if (chosen) chooser.value = chosen.workflow_id;
      renderFields(chosen, fields, form.querySelector('#workflow-description'));
    },
  };
}

/** The params a form asks for: the workflow's, and `products` for workflows that read them from the request. */
function paramsOf(workflow) {
  const params = [...(workflow.params || Object.entries(workflow.defaults || {})
    .map(([name, value]) => ({name, required: false, default: value, description: null})))];
  const readsProducts = workflow.nodes.some(node => node.type === 'fetch_product');
  const listed = params.findIndex(param => param.name === 'products');
  // the products to check come first: what an operator submitting by hand gives most often
  const products = listed >= 0 ? params.splice(listed, 1)[0] : readsProducts
    ? {name: 'products', required: false, default: null, description: null} : null;
  if (products) {
    params.unshift({...products,
      description: `${products.description || 'the products to check'}; one URL a line also works`});
  }
  return params;
}

function renderFields(workflow, fields, description) {
  if (!workflow) {
    replace(fields, h('p', {class: 'muted'}, 'No workflow can run.'));
    return;
  }
  description.textContent = workflow.description || '';
  replace(fields, h('fieldset', {},
    h('legend', {}, 'Params'),
    paramsOf(workflow).map(param => field(param))));
}

function field(param) {
  const id = `param-${param.name}`;
  const help = [param.description, param.default !== null && param.default !== undefined
    ? `default: ${JSON.stringify(param.default)}` : null, param.required ? 'required' : null].filter(Boolean).join(' · ');
  let input;
  if (typeof param.default === 'boolean') {
    input = h('select', {id, name: param.name, dataset: {kind: 'boolean'}},
      h('option', {value: ''}, `default (${param.default})`), h('option', {value: 'true'}, 'true'),
      h('option', {value: 'false'}, 'false'));
  } else if (typeof param.default === 'number') {
    input = h('input', {id, name: param.name, type: 'number', placeholder: String(param.default), dataset: {kind: 'number'}});
  } else if (param.name === 'products' || Array.isArray(param.default) || (param.default && typeof param.default === 'object')) {
    input = h('textarea', {id, name: param.name, rows: '5', spellcheck: 'false', dataset: {kind: param.name === 'products' ? 'products' : 'json'},
      placeholder: param.name === 'products'
        ? 'one product URL a line\nor [{"url": "…", "product_set_id": "…", "expected": {"discounted_price": 14900}}]' : 'JSON'});
  } else {
    input = h('input', {id, name: param.name, type: 'text', spellcheck: 'false',
      placeholder: param.default === null || param.default === undefined ? '' : String(param.default), dataset: {kind: 'text'}});
  }
  if (param.required) input.setAttribute('aria-required', 'true');
  return h('div', {class: 'field'}, h('label', {for: id}, param.name), input,
    help ? h('span', {class: 'muted small'}, help) : null);
}

/** The execute body from the form; fields left empty are left out, so the workflow's defaults apply. */
function request(workflow, fields, priority) {
  const params = {};
  for (const input of fields.querySelectorAll('[name]')) {
    const text = input.value.trim();
    if (text === '') {
      if (input.getAttribute('aria-required') === 'true') throw new Error(`${input.name} is required`);
      continue;
    }
    params[input.name] = value(input, text);
  }
  const body = {workflow_id: workflow.workflow_id, params};
  if (priority.value.trim() !== '') body.priority = Number(priority.value);
  return body;
}

function value(input, text) {
  switch (input.dataset.kind) {
    case 'boolean': return text === 'true';
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number)) throw new Error(`${input.name} must be a number`);
      return number;
    }
    case 'products':
      if (text.startsWith('[')) return parse(input.name, text);
      return text.split(/\s+/).filter(Boolean).map(url => ({url}));
    case 'json': return parse(input.name, text);
    default: return text;
  }
}

function parse(name, text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${error.message}`);
  }
}

function showProblem(problem, message) {
  problem.textContent = message;
  problem.hidden = false;
}
