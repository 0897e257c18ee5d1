#!/usr/bin/env node
// BullMQ reference benchmark: the anchor in docs/PERFORMANCE.md ("The BullMQ anchor"), with the timing
// definitions of `product-scanner bench queue`, so both can be run on the same machine against the same Redis.
//   node bench.js --redis-url URL [--jobs N] [--queues P] [--wait-jobs M] [--runs R]
// Per run: N no-op jobs over P queues (round-robin), added with addBulk, one Worker of concurrency 1 per queue.
//   drain pass         : add everything, then create the workers; clock from worker creation to the last completion
//                        (= bench queue's jobs_per_second); also from the first addBulk (…_incl_enqueue)
//   workers-ready pass : fresh queues, workers created and ready first; clock from the first addBulk to the last
//                        completion (…_workers_ready)
//   wait pass          : one idle worker, M jobs one at a time, enqueue → processor start (as `bench wait`)
// Prints a short table, then one JSON line per run; with --runs > 1 a last JSON line with the medians.
'use strict';

const crypto = require('node:crypto');
const { Queue, Worker } = require('bullmq');
const IORedis = require('ioredis');

const USAGE = 'usage: node bench.js --redis-url URL [--jobs N] [--queues P] [--wait-jobs M] [--runs R]';
const WAIT_WARM_UP = 20;
const TIMEOUT_MS = 10 * 60 * 1000;

class UsageError extends Error {}

function parseArgs(argv) {
  const opts = { redisUrl: null, jobs: 20000, queues: 8, waitJobs: 300, runs: 1 };
  const numeric = { '--jobs': ['jobs', 1], '--queues': ['queues', 1], '--wait-jobs': ['waitJobs', 0], '--runs': ['runs', 1] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag !== '--redis-url' && !(flag in numeric)) {
      throw new UsageError(`unknown option '${flag}'`);
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) {
      throw new UsageError(`${flag} needs a value`);
    }
    if (flag === '--redis-url') {
      opts.redisUrl = value;
      continue;
    }
    const [key, min] = numeric[flag];
    if (!/^\d+$/.test(value) || Number(value) < min) {
      throw new UsageError(`${flag} must be a whole number of at least ${min}, got '${value}'`);
    }
    opts[key] = Number(value);
  }
  if (!opts.redisUrl) {
    throw new UsageError('--redis-url is required');
  }
  return opts;
}

/** ioredis options from a redis:// URL, so every Queue and Worker opens its own connections (as BullMQ users do). */
function connectionOptions(redisUrl) {
  let url;
  try {
    url = new URL(redisUrl);
  } catch {
    throw new UsageError(`--redis-url is not a URL: '${redisUrl}'`);
  }
  if (url.protocol !== 'redis:') {
    throw new UsageError(`--redis-url must be redis://host:port[/db], got '${redisUrl}'`);
  }
  const options = { host: url.hostname || '127.0.0.1', port: Number(url.port || 6379), maxRetriesPerRequest: null };
  if (url.username) options.username = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  if (url.pathname.length > 1) options.db = Number(url.pathname.slice(1));
  return options;
}

/** A plain client for CONFIG RESETSTAT / INFO; fails fast instead of retrying when Redis is not there. */
async function connectAdmin(connection, redisUrl) {
  const admin = new IORedis({ ...connection, lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0,
    retryStrategy: () => null, enableOfflineQueue: false });
  let connectError = null;
  admin.on('error', (e) => { connectError = e; }); // reported through the failed connect below
  try {
    await admin.connect();
    await admin.ping();
  } catch (e) {
    admin.disconnect();
    throw new Error(`cannot reach Redis at ${redisUrl}: ${(connectError || e).message}`);
  }
  return admin;
}

const now = () => process.hrtime.bigint();
const seconds = (from, to) => Number(to - from) / 1e9;
const round2 = (x) => Math.round(x * 100) / 100;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** used_cpu_sys + used_cpu_user of INFO cpu: the Redis server's CPU seconds so far. */
function redisCpuSeconds(info) {
  let total = 0;
  for (const line of info.split(/\r?\n/)) {
    if (line.startsWith('used_cpu_sys:') || line.startsWith('used_cpu_user:')) {
      total += Number(line.slice(line.indexOf(':') + 1));
    }
  }
  return total;
}

/** Calls of every command since CONFIG RESETSTAT (Redis 6.2 counts the commands run inside Lua scripts too), less INFO. */
function commandCalls(info) {
  let calls = 0;
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && match[1] !== 'info') calls += Number(match[2]);
  }
  return calls;
}

const nodeCpuMicros = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** Fresh queues under names no earlier run used, obliterated anyway so each pass starts empty. */
async function openQueues(connection, count, label) {
  const tag = crypto.randomBytes(4).toString('hex');
  const queues = [];
  for (let p = 0; p < count; p++) {
    const queue = new Queue(`bench-${tag}-${label}-p${p}`, { connection });
    queue.on('error', (e) => console.error(`queue ${queue.name}: ${e.message}`));
    await queue.waitUntilReady();
    await queue.obliterate({ force: true });
    queues.push(queue);
  }
  return queues;
}

async function closeQueues(queues) {
  for (const queue of queues) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
}

/** N no-op jobs, round-robin over the queues, one addBulk per queue (one after the other, as one producer). */
async function addAll(queues, jobs) {
  const perQueue = queues.map(() => []);
  for (let i = 0; i < jobs; i++) {
    perQueue[i % queues.length].push({ name: 'bench', data: {} });
  }
  for (let p = 0; p < queues.length; p++) {
    await queues[p].addBulk(perQueue[p]);
  }
}

/**
 * One Worker of concurrency 1 per queue, no-op processor. removeOnComplete / removeOnFail are left at BullMQ's
 * defaults, set neither on the jobs nor on the workers: false, so every completed (or failed) job stays in the
 * queue's completed (failed) set, as a BullMQ user gets without configuring anything.
 * `done` resolves with the hrtime of the last completion.
 */
function startWorkers(queues, connection, jobs) {
  let completed = 0;
  let resolveDone;
  let rejectDone;
  const done = new Promise((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const workers = queues.map((queue) => {
    const worker = new Worker(queue.name, async () => {}, { connection, concurrency: 1 });
    worker.on('completed', () => {
      if (++completed === jobs) resolveDone(now());
    });
    worker.on('failed', (job, e) => rejectDone(new Error(`job ${job && job.id} on ${queue.name} failed: ${e.message}`)));
    worker.on('error', (e) => rejectDone(new Error(`worker on ${queue.name}: ${e.message}`)));
    return worker;
  });
  const timeout = setTimeout(() => rejectDone(new Error(`jobs did not finish within 10 minutes; ${jobs - completed} left`)),
    TIMEOUT_MS);
  done.finally(() => clearTimeout(timeout)).catch(() => {});
  return { workers, done };
}

/** Every job really completed: the queues' own completed/failed counts, besides the workers' events. */
async function checkAllCompleted(queues, jobs) {
  let completed = 0;
  let failed = 0;
  let left = 0;
  for (const queue of queues) {
    const counts = await queue.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed', 'prioritized');
    completed += counts.completed;
    failed += counts.failed;
    left += counts.wait + counts.active + counts.delayed + counts.prioritized;
  }
  if (completed !== jobs || failed !== 0 || left !== 0) {
    throw new Error(`expected ${jobs} completed jobs, the queues hold ${completed} completed, ${failed} failed, ${left} not done`);
  }
}

async function drainPass(opts, connection, admin) {
  const queues = await openQueues(connection, opts.queues, 'drain');
  try {
    // counted from here: adding the jobs is part of what each job costs (as in bench queue)
    await admin.config('RESETSTAT');
    const redisCpuAtAdd = redisCpuSeconds(await admin.info('cpu'));
    const nodeCpuAtAdd = nodeCpuMicros();
    const addStart = now();
    await addAll(queues, opts.jobs);
    const addEnd = now();

    const redisCpuBefore = redisCpuSeconds(await admin.info('cpu'));
    const nodeCpuBefore = nodeCpuMicros();
    const drainStart = now();
    const run = startWorkers(queues, connection, opts.jobs);
    let lastCompletion;
    try {
      lastCompletion = await run.done;
    } catch (e) {
      await Promise.all(run.workers.map((w) => w.close()));
      throw e;
    }
    const nodeCpuAfter = nodeCpuMicros();
    const redisCpuAfter = redisCpuSeconds(await admin.info('cpu'));
    const calls = commandCalls(await admin.info('commandstats'));
    await Promise.all(run.workers.map((w) => w.close()));
    await checkAllCompleted(queues, opts.jobs);
    const drainSeconds = seconds(drainStart, lastCompletion);
    return {
      enqueue_seconds: round2(seconds(addStart, addEnd)),
      drain_seconds: round2(drainSeconds),
      jobs_per_second: Math.round(opts.jobs / drainSeconds),
      jobs_per_second_incl_enqueue: Math.round(opts.jobs / seconds(addStart, lastCompletion)),
      redis_commands_per_job: round2(calls / opts.jobs),
      redis_cpu_us_per_job: Math.round((redisCpuAfter - redisCpuBefore) * 1e6 / opts.jobs),
      node_cpu_us_per_job: Math.round((nodeCpuAfter - nodeCpuBefore) / opts.jobs),
      redis_cpu_us_per_job_incl_enqueue: Math.round((redisCpuAfter - redisCpuAtAdd) * 1e6 / opts.jobs),
      node_cpu_us_per_job_incl_enqueue: Math.round((nodeCpuAfter - nodeCpuAtAdd) / opts.jobs),
    };
  } finally {
    await closeQueues(queues);
  }
}

async function workersReadyPass(opts, connection) {
  const queues = await openQueues(connection, opts.queues, 'ready');
  try {
    const run = startWorkers(queues, connection, opts.jobs);
    try {
      await Promise.all(run.workers.map((w) => w.waitUntilReady()));
      await sleep(200); // each worker's loop is blocked waiting for a job before the first add
      const addStart = now();
      await addAll(queues, opts.jobs);
      const lastCompletion = await run.done;
      await checkAllCompleted(queues, opts.jobs);
      return {
        workers_ready_seconds: round2(seconds(addStart, lastCompletion)),
        jobs_per_second_workers_ready: Math.round(opts.jobs / seconds(addStart, lastCompletion)),
      };
    } finally {
      await Promise.all(run.workers.map((w) => w.close()));
    }
  } finally {
    await closeQueues(queues);
  }
}

/** Nearest-rank percentile of sorted nanoseconds, as bench wait. */
function percentile(sorted, p) {
  const index = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
}

const millis = (nanos) => Math.round(Number(nanos) / 10000) / 100;

/** enqueue → processor start on an idle worker, one job at a time, after a warm-up (as bench wait). */
async function waitPass(opts, connection) {
  const [queue] = await openQueues(connection, 1, 'wait');
  let onStart = null;
  let onCompleted = null;
  const worker = new Worker(queue.name, async () => {
    onStart(now());
  }, { connection, concurrency: 1 });
  worker.on('completed', () => onCompleted());
  worker.on('error', (e) => console.error(`wait worker: ${e.message}`));
  const waits = [];
  try {
    await worker.waitUntilReady();
    for (let i = -WAIT_WARM_UP; i < opts.waitJobs; i++) {
      const started = new Promise((resolve) => { onStart = resolve; });
      const completed = new Promise((resolve) => { onCompleted = resolve; });
      await sleep(2); // the worker is idle again, blocked waiting for a job
      const enqueued = now();
      await queue.add('wait', {});
      const startedAt = await Promise.race([started, sleep(10000).then(() => null)]);
      if (startedAt === null) throw new Error('a job did not start within 10 s');
      if (i >= 0) waits.push(startedAt - enqueued);
      await completed;
    }
  } finally {
    await worker.close();
    await closeQueues([queue]);
  }
  waits.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    wait_jobs: opts.waitJobs,
    wait_ms_p50: millis(percentile(waits, 50)),
    wait_ms_p99: millis(percentile(waits, 99)),
    wait_ms_max: millis(waits[waits.length - 1]),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return Number.isInteger(middle) ? round2((sorted[middle - 1] + sorted[middle]) / 2) : sorted[Math.floor(middle)];
}

function printTable(result) {
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === 'number') console.log(`${key.padEnd(36)} ${String(value).padStart(12)}`);
  }
}

async function main() {
  let opts;
  let connection;
  try {
    opts = parseArgs(process.argv.slice(2));
    connection = connectionOptions(opts.redisUrl);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`bench.js: ${e.message}\n${USAGE}`);
    process.exit(2);
  }
  const admin = await connectAdmin(connection, opts.redisUrl);
  const redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))[1];
  const results = [];
  try {
    for (let r = 1; r <= opts.runs; r++) {
      const result = {
        benchmark: 'bullmq',
        run: r,
        bullmq_version: require('bullmq/package.json').version,
        node_version: process.versions.node,
        redis_version: redisVersion,
        jobs: opts.jobs,
        queues: opts.queues,
        ...(await drainPass(opts, connection, admin)),
        ...(await workersReadyPass(opts, connection)),
        ...(opts.waitJobs > 0 ? await waitPass(opts, connection) : {}),
        peak_rss_mb: round2(process.resourceUsage().maxRSS / 1024),
      };
      if (opts.runs > 1) console.log(`run ${r} of ${opts.runs}`);
      printTable(result);
      console.log(JSON.stringify(result));
      results.push(result);
    }
    if (opts.runs > 1) {
      const medians = { benchmark: 'bullmq', run: 'median', runs: opts.runs };
      for (const [key, value] of Object.entries(results[0])) {
        medians[key] = typeof value === 'number' && key !== 'run' ? median(results.map((x) => x[key])) : value;
      }
      medians.run = 'median';
      console.log(JSON.stringify(medians));
    }
  } finally {
    admin.disconnect();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`bench.js: ${e.message}`);
  process.exit(1);
});
