#!/usr/bin/env python3
"""bench/tui-bench.py: what the live panes cost and how fast they are.

  (a) latency: from a change made by `ip` in another process (an address
      added in a namespace) to the Interfaces pane showing it, read from a
      real terminal (tmux capture-pane), median and p95 over N changes;
      the same harness on `watch -n1 ip -n NS -br addr` for comparison;
  (b) aisla's CPU use over 30 s idle with 100 nodes present;
  (c) aisla's RSS with 100 nodes.

Needs root, tmux and iproute2. Usage:
  sudo bench/tui-bench.py [--aisla ./aisla] [--changes 100] [--idle 30] [--nodes 100]
Prints one line per figure; --json for machine-readable output.
"""
import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)


def sh(*args, check=True, **kw):
    # other tests on a shared machine may kill processes in namespaces
    # (node del: ip netns pids | kill -9): retry a killed command
    for _ in range(5):
        r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, **kw)
        if r.returncode != -9:
            break
    if check and r.returncode != 0 and not (args[0] == "ip" and "exists" in r.stderr):
        raise subprocess.CalledProcessError(r.returncode, args, r.stdout, r.stderr)
    return r


class Tmux:
    count = 0

    def __init__(self, cmd, cols=160, rows=50):
        Tmux.count += 1
        self.sock = "aisla-bench-%d-%d" % (os.getpid(), Tmux.count)
        sh("tmux", "-L", self.sock, "new-session", "-d", "-s", "b",
           "-x", str(cols), "-y", str(rows), cmd)
        sh("tmux", "-L", self.sock, "set-option", "-g", "status", "off", check=False)

    def screen(self):
        return sh("tmux", "-L", self.sock, "capture-pane", "-p", "-t", "b").stdout

    def keys(self, *k):
        sh("tmux", "-L", self.sock, "send-keys", "-t", "b", *k)

    def pane_pid(self):
        return int(sh("tmux", "-L", self.sock, "display-message", "-p", "-t", "b",
                      "#{pane_pid}").stdout.strip())

    def wait(self, needle, timeout=10.0, gone=False):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            s = self.screen()
            if (needle in s) != gone:
                return time.monotonic()
        return None

    def close(self):
        sh("tmux", "-L", self.sock, "kill-server", check=False)


def pct(values, p):
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def latency(t, ns, n, label):
    """Add n addresses one by one; time from `ip` returning to the screen."""
    lat, lat_cmd = [], []
    rnd = random.Random(42)
    for i in range(n):
        a = "10.99.%d.%d/32" % (i // 250, i % 250 + 1)
        # changes come at random moments, not right after a frame
        time.sleep(rnd.uniform(0.05, 0.25))
        t0 = time.monotonic()
        sh("ip", "-n", ns, "addr", "add", a, "dev", "lo")
        t1 = time.monotonic()
        seen = t.wait(a, timeout=5.0)
        if seen is None:
            print("  %s: %s never showed" % (label, a), file=sys.stderr)
            continue
        lat.append((seen - t1) * 1000)
        lat_cmd.append((seen - t0) * 1000)
        sh("ip", "-n", ns, "addr", "del", a, "dev", "lo")
        t.wait(a, timeout=6.0, gone=True)
    return lat, lat_cmd


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])	# utime + stime


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aisla", default=os.path.join(TOP, "aisla"))
    ap.add_argument("--changes", type=int, default=100)
    ap.add_argument("--idle", type=int, default=30)
    ap.add_argument("--nodes", type=int, default=100)
    ap.add_argument("--no-watch", action="store_true", help="skip the watch -n1 comparison")
    ap.add_argument("--foreign", action="store_true",
                    help="make the N namespaces with ip netns add (not aisla nodes)")
    ap.add_argument("--size", default="160x50",
                    help="terminal for the idle run (e.g. 100x30: compact layout)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    if os.geteuid() != 0 or not shutil.which("tmux"):
        print("SKIP: needs root and tmux")
        return 77
    aisla = os.path.abspath(a.aisla)
    res = {}
    run_dir = tempfile.mkdtemp(prefix="aisla-bench.", dir="/run")
    home = tempfile.mkdtemp(prefix="aisla-bench-home.")
    env = "env HOME=%s AISLA_RUN_DIR=%s LANG=C.UTF-8 TERM=screen-256color" % (home, run_dir)
    ns = "0bench%d" % os.getpid()
    nodes = ["0bn%d-%03d" % (os.getpid() % 10000, i) for i in range(a.nodes)]
    sh("ip", "netns", "add", ns)
    try:
        # (a) latency through a real terminal
        t = Tmux("%s %s" % (env, aisla))
        try:
            t.wait(" Interfaces ")
            t.keys("F3")			# the Interfaces pane alone
            t.wait("[2/5] Interfaces")
            t.wait("── " + ns)
            time.sleep(0.5)
            lat, lat_cmd = latency(t, ns, a.changes, "aisla")
        finally:
            t.close()
        res["aisla_latency_ms"] = {
            "n": len(lat), "median": statistics.median(lat), "p95": pct(lat, 95),
            "max": max(lat), "median_incl_ip": statistics.median(lat_cmd),
            "p95_incl_ip": pct(lat_cmd, 95)}
        if not a.no_watch and shutil.which("watch"):
            t = Tmux("watch -n1 ip -n %s -br addr" % ns)
            try:
                time.sleep(1.5)
                n = min(a.changes, 30)
                wl, _ = latency(t, ns, n, "watch")
            finally:
                t.close()
            res["watch_n1_latency_ms"] = {"n": len(wl), "median": statistics.median(wl),
                                          "p95": pct(wl, 95)}

        # (b), (c): 100 nodes, idle
        if a.foreign:
            r = subprocess.run(["ip", "-batch", "-"], input="".join(
                "netns add %s\n" % n for n in nodes), stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)
        else:
            batch = "; ".join("netns add %s" % n for n in nodes)
            r = subprocess.run([aisla, "-c", batch], env=dict(os.environ, HOME=home,
                               AISLA_RUN_DIR=run_dir, LANG="C.UTF-8"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            print("netns add failed: %s" % r.stderr.strip()[:300], file=sys.stderr)
        stats = os.path.join(home, "tui-stats")
        cols, rows = (int(v) for v in a.size.split("x"))
        t = Tmux("%s AISLA_TUI_STATS=%s %s" % (env, stats, aisla), cols, rows)
        try:
            t.wait(" Interfaces ")
            t.wait("── " + nodes[0])
            time.sleep(3)		# settle: the first dumps, highlights fade
            pid = t.pane_pid()
            hz = os.sysconf("SC_CLK_TCK")
            res["rss_kb"] = rss_kb(pid)
            c0, w0 = cpu_ticks(pid), time.monotonic()
            time.sleep(a.idle)
            try:
                c1, w1 = cpu_ticks(pid), time.monotonic()
            except FileNotFoundError:
                print("aisla died during the idle measurement:\n" + t.screen()[-600:],
                      file=sys.stderr)
                raise
            res["idle_cpu_percent"] = 100.0 * (c1 - c0) / hz / (w1 - w0)
            with open("/proc/%d/status" % pid) as f:
                ps = {l.split(":")[0]: l.split(":")[1].strip() for l in f if ":" in l}
            res["voluntary_ctxt_switches_total"] = int(ps.get("voluntary_ctxt_switches", 0))
            # the panes' own share: CPU time spent drawing, counted by aisla
            t.keys("C-d")
            for _ in range(100):
                if os.path.exists(stats) and os.path.getsize(stats) > 0:
                    break
                time.sleep(0.1)
            st = {}
            if os.path.exists(stats):
                with open(stats) as f:
                    st = dict(l.split() for l in f if len(l.split()) == 2)
            res["tui_stats_whole_run"] = st
            res["idle_seconds"] = round(w1 - w0, 1)
            res["nodes"] = len(nodes)
        finally:
            t.close()
    finally:
        subprocess.run([aisla, "reset", "-y"], env=dict(os.environ, HOME=home,
                       AISLA_RUN_DIR=run_dir, LANG="C.UTF-8"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for n in nodes:
            subprocess.run(["ip", "netns", "del", n], stderr=subprocess.DEVNULL)
        subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        shutil.rmtree(run_dir, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)

    if a.json:
        print(json.dumps(res, indent=2))
    else:
        l = res["aisla_latency_ms"]
        print("latency ip -> pane (aisla, %d changes): median %.1f ms, p95 %.1f ms, max %.1f ms"
              " (from starting ip: median %.1f, p95 %.1f)" % (
                  l["n"], l["median"], l["p95"], l["max"], l["median_incl_ip"], l["p95_incl_ip"]))
        if "watch_n1_latency_ms" in res:
            w = res["watch_n1_latency_ms"]
            print("latency ip -> screen (watch -n1, %d changes): median %.1f ms, p95 %.1f ms" % (
                w["n"], w["median"], w["p95"]))
        print("idle CPU with %d %s over %.0f s (%s terminal): %.3f %%" % (
            res["nodes"], "namespaces (ip netns add)" if a.foreign else "nodes",
            res["idle_seconds"], a.size, res["idle_cpu_percent"]))
        print("RSS with %d nodes: %.1f MB" % (res["nodes"], res["rss_kb"] / 1024.0))
        st = res.get("tui_stats_whole_run", {})
        if st:
            print("panes' own work over the whole idle run: %s frames, %s pane draws, "
                  "%s ms of CPU drawing (%s world changes seen)" % (
                      st.get("frames"), st.get("panes_drawn"), st.get("draw_cpu_ms"),
                      st.get("world_changes")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
