"""Turns the benchmark's wrk outputs into the markdown report appended to docs/performance.md."""
import os
import platform
import re
import subprocess
import sys
from datetime import datetime, timezone

work, duration, conns = sys.argv[1], sys.argv[2], sys.argv[3].split()
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else float("nan")


def parse(path):
    out = {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": 0, "requests": 0}
    if not os.path.exists(path):
        return out
    text = open(path).read()
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    out["rps"] = float(m.group(1)) if m else 0.0
    for pct, key in (("50", "p50"), ("99", "p99")):
        m = re.search(r"^\s+" + pct + r"%\s+(\S+)", text, re.M)
        if m:
            out[key] = ms(m.group(1))
    m = re.search(r"(\d+) requests in", text)
    out["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        out["errors"] += sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        out["errors"] += int(m.group(1))
    return out


def run(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip() \
            or subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stderr.strip()
    except Exception:
        return "?"


cpu = run("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
mem = run("free -g | awk '/Mem:/ {print $2}'")
print(f"## Run of {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
print()
print(f"Machine: {os.cpu_count()} cores ({cpu}), {mem} GiB, {platform.system()} {platform.release()}; "
      f"{run('java -version 2>&1 | head -1')}; {run('nginx -v 2>&1')}; {run('wrk --version 2>&1 | head -1')}; "
      f"commit {run('git rev-parse --short HEAD')}. All processes (fake upstream, nginx, Switchboard, wrk) share "
      f"the machine; {duration} s per cell after a warm-up; wrk with up to 2 threads.")
print()
for mode in ("plain", "stream"):
    title = "non-stream (one JSON answer)" if mode == "plain" else "stream (20 content chunks + usage chunk, measured to the last byte)"
    print(f"### {title}")
    print()
    print("| conns | target | req/s | p50 ms | p99 ms | errors | added p50 ms vs direct | req/s vs direct | req/s vs nginx |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in conns:
        rows = {t: parse(os.path.join(work, f"wrk-{t}-{mode}-{c}.txt")) for t in ("direct", "nginx", "switchboard")}
        for t, r in rows.items():
            added = r["p50"] - rows["direct"]["p50"]
            vs_direct = r["rps"] / rows["direct"]["rps"] if rows["direct"]["rps"] else float("nan")
            vs_nginx = r["rps"] / rows["nginx"]["rps"] if rows["nginx"]["rps"] else float("nan")
            print(f"| {c} | {t} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} | "
                  f"{added:+.2f} | {vs_direct:.2f} | {vs_nginx:.2f} |")
    print()
startup = os.path.join(work, "startup.txt")
if os.path.exists(startup):
    *ready_runs, idle_rss, idle_threads = open(startup).read().split()
    median = sorted(int(r) for r in ready_runs)[len(ready_runs) // 2]
    print("### Start and idle")
    print()
    print(f"`java -jar target/switchboard.jar` with default JVM flags: ready (`/readyz` 200) {median} ms after "
          f"launch (median of {len(ready_runs)} starts: {', '.join(ready_runs)} ms); idle RSS {int(idle_rss) // 1024} "
          f"MiB with {idle_threads} threads, 5 s after one request.")
    print()
peak = os.path.join(work, "streams-peak.txt")
if os.path.exists(peak):
    n, rss, threads, heap, fds, start_threads, live = open(peak).read().split()
    r = parse(os.path.join(work, "wrk-streams.txt"))
    print("### Concurrent long streams through Switchboard")
    print()
    print(f"{n} connections, each a stream of about {os.environ.get('STREAM_SECONDS', '6')} s (23 frames spaced evenly), "
          f"for twice that long: {r['requests']} streams completed, {r['errors']} errors, p50 {r['p50']:.0f} ms, "
          f"p99 {r['p99']:.0f} ms. Gateway process at its peak: RSS {int(rss) // 1024} MiB, {threads} threads "
          f"({start_threads} before the streams), heap in use up to {int(heap) // (1024 * 1024)} MiB (-Xmx2g, read "
          f"by jstat; garbage included), live heap {int(live) // (1024 * 1024)} MiB with the streams open (after "
          f"a full collection). The gateway speaks HTTP/2 to the upstream here (`http2: true`), so a stream holds one socket "
          f"(the client's); open-file limit {fds}.")
    print()
