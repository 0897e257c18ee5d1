#!/usr/bin/env bash
# What tracing costs per job and per scan: `serve` (embedded Redis, loopback site mirror, musinsa pacing off) runs
# real validation jobs with tracing off, then on (exporting over OTLP/HTTP to a loopback sink), alternating.
#   RUNS=3 PRODUCTS=1000 JOBS=300 scripts/bench-tracing.sh
# Per scan: one job of PRODUCTS products (the fixtures' musinsa products, cycled); per job: JOBS one-product jobs,
# submitted at once, drained by the musinsa worker. Each figure is the serve process's CPU (user + system, all
# threads) and the wall time, divided by the scans or jobs; each run starts a fresh JVM and warms it with one
# 50-product job. Needs a built distribution (./product-scanner build) and python3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DIST="${DIST:-$root/distribution/target/product-scanner}"
export ROOT="$root"
[ -x "$DIST/bin/product-scanner" ] || { echo "bench-tracing: no distribution at $DIST (./product-scanner build)" >&2; exit 1; }
exec python3 - <<'PY'
import http.server, json, os, shutil, signal, socket, statistics, subprocess, tempfile, threading, time, urllib.request

dist, root = os.environ["DIST"], os.environ["ROOT"]
runs, products, jobs = int(os.environ.get("RUNS", 3)), int(os.environ.get("PRODUCTS", 1000)), int(os.environ.get("JOBS", 300))
urls = [l.strip() for l in open(os.path.join(root, "fixtures/bench/musinsa.txt")) if l.strip() and not l.startswith("#")]
tick = os.sysconf("SC_CLK_TCK")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

class Sink(http.server.BaseHTTPRequestHandler):
    received = {"requests": 0, "bytes": 0}
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Sink.received["requests"] += 1
        Sink.received["bytes"] += len(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass

sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
threading.Thread(target=sink.serve_forever, daemon=True).start()
mirror_port = free_port()
mirror = subprocess.Popen([f"{dist}/bin/product-scanner", "mirror", "--dir", f"{root}/fixtures/mirror", "--port", str(mirror_port)],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def call(port, method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)

def submit(port, count):
    params = {"products": [{"url": urls[i % len(urls)]} for i in range(count)]}
    return call(port, "POST", "/api/v2/workflows/execute", {"workflow_id": "musinsa-validation-v2", "params": params})["data"]["job_id"]

def await_done(port, job_id):
    while True:
        status = call(port, "GET", f"/api/v2/jobs/{job_id}")["data"]["status"]
        if status in ("completed", "failed", "cancelled"):
            if status != "completed":
                raise SystemExit(f"job {job_id} {status}")
            return
        time.sleep(0.5)

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick

def one_run(tracing):
    work = tempfile.mkdtemp(prefix="bench-tracing-")
    port = free_port()
    env = dict(os.environ, PORT=str(port), EMBEDDED_REDIS_PORT=str(free_port()), DATA_DIR=f"{work}/data",
               RESULTS_DIR=f"{work}/results", SCANNER_SITE_MIRROR=f"http://127.0.0.1:{mirror_port}",
               MUSINSA_PACING_MS="0", LOG_LEVEL="WARNING")
    for name in [n for n in env if n.startswith("OTEL_")]:
        del env[name]
    if tracing:
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = f"http://127.0.0.1:{sink.server_address[1]}"
    serve = subprocess.Popen([f"{dist}/bin/product-scanner", "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                call(port, "GET", "/observe/health")
                break
            except Exception:
                time.sleep(0.1)
        await_done(port, submit(port, 50))
        sent_before = dict(Sink.received)
        cpu, wall = cpu_seconds(serve.pid), time.monotonic()
        await_done(port, submit(port, products))
        scan = ((cpu_seconds(serve.pid) - cpu) * 1e6 / products, (time.monotonic() - wall) * 1e3 / products)
        cpu, wall = cpu_seconds(serve.pid), time.monotonic()
        ids = [submit(port, 1) for _ in range(jobs)]
        await_done(port, ids[-1])
        job = ((cpu_seconds(serve.pid) - cpu) * 1e6 / jobs, (time.monotonic() - wall) * 1e3 / jobs)
        time.sleep(1.5)
        exported = Sink.received["bytes"] - sent_before["bytes"]
        return scan, job, exported
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
        shutil.rmtree(work, ignore_errors=True)

results = {False: [], True: []}
try:
    print(f"{'tracing':8} {'run':>3} {'scan CPU us':>12} {'scan wall ms':>13} {'job CPU us':>11} {'job wall ms':>12} {'OTLP bytes':>11}  load")
    for run in range(1, runs + 1):
        for tracing in (False, True):
            load = open("/proc/loadavg").read().split()[0]
            scan, job, exported = one_run(tracing)
            results[tracing].append((scan, job))
            print(f"{'on' if tracing else 'off':8} {run:>3} {scan[0]:>12.0f} {scan[1]:>13.2f} {job[0]:>11.0f} {job[1]:>12.2f} {exported:>11}  {load}", flush=True)
    print("medians:")
    for tracing in (False, True):
        r = results[tracing]
        print(f"  tracing {'on ' if tracing else 'off'}: per scan {statistics.median(x[0][0] for x in r):.0f} us CPU, "
              f"{statistics.median(x[0][1] for x in r):.2f} ms wall; per one-product job {statistics.median(x[1][0] for x in r):.0f} us CPU, "
              f"{statistics.median(x[1][1] for x in r):.2f} ms wall")
    print(json.dumps({"benchmark": "tracing", "runs": runs, "products": products, "jobs": jobs,
                      "off": results[False], "on": results[True]}))
finally:
    mirror.terminate()
    sink.shutdown()
PY
