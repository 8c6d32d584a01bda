#!/usr/bin/env python3
"""Measures what programs cost at rest, from /proc, side by side in one window.

Run by bench/footprint.sh inside a headless desktop it has set up; see that script for
usage. The first program is soleus, started here as `SOLEUS daemon`; every other one is a
command line to compare with (one per line in the environment variable FOOTPRINT_PEERS),
started the same way, in the same session, measured over the same window.

For each program (the process and all its descendants) it records:
  hwm_kib      peak resident set (VmHWM), summed over the processes
  rss_kib      resident set at the end of the window (VmRSS)
  pss_kib      proportional set at the end (smaps_rollup Pss: shared pages split fairly)
  cpu_ms_min   CPU time in the window, per minute: the scheduler's run time in nanoseconds
               (the process CPU clock: the sum over threads that schedstat shows, threads
               that exited included)
  tick_ms_min  utime+stime, plus reaped children's, in the window (clock ticks, coarse; a
               cross-check), per minute
  ctxsw_min    voluntary + involuntary context switches summed over threads, per minute
  threads      threads at the end of the window
For soleus also:
  ready_ms     from exec to the control socket answering a status request
  status_ms    median of `soleus status --json` end to end (process start to exit)
  status_max_ms the slowest of those runs

Reading /proc does not wake the measured processes. Threads that exit during the window
take their switch counts with them (/proc keeps no total for them), and processes that
start and end inside the window are seen only through their parent's reaped-children
ticks; a program at rest keeps its threads.

Exit status: 0 within budget, 1 over it, 2 when the measurement itself failed.
"""

import argparse
import json
import os
import select
import shlex
import socket
import statistics
import subprocess
import sys
import time

# The budget at rest (issue "Performance budget"). Each line: key, limit, unit.
# Memory lines take --memory-margin, the rest (rates and times, noisier) --margin.
BUDGET = [
    ("hwm_kib", 8 * 1024, "KiB peak RSS", "memory"),
    ("rss_kib", 6 * 1024, "KiB steady RSS", "memory"),
    ("cpu_ms_min", 2.0, "ms CPU per minute", "time"),
    ("ctxsw_min", 6.0, "context switches per minute", "time"),
    ("status_ms", 5.0, "ms status round trip", "time"),
    ("ready_ms", 100.0, "ms to ready", "time"),
]

TICK = os.sysconf("SC_CLK_TCK")


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def field(text, name):
    """The number after `name:` in a /proc status-style text, or 0."""
    for line in (text or "").splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def listdir(path):
    """The entries of a /proc folder, or none if its process has just exited."""
    try:
        return os.listdir(path)
    except (FileNotFoundError, ProcessLookupError, NotADirectoryError):
        return []


def cpu_ns(pid):
    """The process's CPU clock: run time of all its threads, live and exited."""
    try:
        return time.clock_gettime_ns(((~pid) << 3) | 2)
    except OSError as e:
        if not os.path.exists(f"/proc/{pid}"):
            return 0  # it exited between listing and reading
        raise SystemExit(f"cannot read the CPU clock of process {pid}: {e}")


def tree(root):
    """The root pid and all its live descendants."""
    children = {}
    for entry in listdir("/proc"):
        if not entry.isdigit():
            continue
        stat = read(f"/proc/{entry}/stat")
        if not stat:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def snapshot(root):
    """Sums of the figures over the process tree, right now."""
    total = dict(hwm_kib=0, rss_kib=0, pss_kib=0, run_ns=0, ticks=0, ctxsw=0, threads=0)
    for pid in tree(root):
        status = read(f"/proc/{pid}/status")
        stat = read(f"/proc/{pid}/stat")
        if status is None or stat is None:
            continue
        total["hwm_kib"] += field(status, "VmHWM")
        total["rss_kib"] += field(status, "VmRSS")
        total["pss_kib"] += field(read(f"/proc/{pid}/smaps_rollup"), "Pss")
        rest = stat.rsplit(")", 1)[1].split()
        # utime, stime, and those of reaped children (fields 14-17 of stat).
        total["ticks"] += sum(int(rest[i]) for i in (11, 12, 13, 14))
        total["run_ns"] += cpu_ns(pid)
        tasks = listdir(f"/proc/{pid}/task")
        total["threads"] += len(tasks)
        for tid in tasks:
            tstatus = read(f"/proc/{pid}/task/{tid}/status")
            total["ctxsw"] += field(tstatus, "voluntary_ctxt_switches")
            total["ctxsw"] += field(tstatus, "nonvoluntary_ctxt_switches")
    return total


def thread_names(root):
    names = []
    for pid in tree(root):
        for tid in sorted(listdir(f"/proc/{pid}/task")):
            comm = read(f"/proc/{pid}/task/{tid}/comm")
            if comm:
                names.append(comm.strip())
    return names


def status_request(sock_path):
    """One status request over the control socket: the status, or None on an error reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(sock_path)
        s.sendall(b'{"cmd":"status"}\n')
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            reply += chunk
    answer = json.loads(reply)
    if answer.get("ok") is not True:
        return None
    return answer.get("status") or {}


class Program:
    def __init__(self, name, argv, logs, env=None):
        self.name = name
        self.argv = argv
        self.env = env
        self.log = open(os.path.join(logs, f"{name}.log"), "wb")
        self.proc = None

    def start(self, stdout=None):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=stdout if stdout is not None else self.log,
            stderr=self.log,
            start_new_session=True,
            env=self.env,
        )

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """Ends the whole process group, also what a launcher that exited left behind."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, 15)
                self.proc.wait(timeout=5)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, 9)
                except ProcessLookupError:
                    pass
        self.log.close()


def start_soleus(prog, sock_path):
    """Starts the daemon; returns ms from exec to a status answered on the socket."""
    prog.start(stdout=subprocess.PIPE)
    # The daemon prints its ready line once the socket listens: that is the signal.
    ready, _, _ = select.select([prog.proc.stdout], [], [], 30)
    if not ready:
        raise SystemExit(f"soleus printed no ready line in 30 s; see {prog.log.name}")
    line = prog.proc.stdout.readline().decode(errors="replace")
    if "ready" not in line:
        prog.proc.wait(timeout=5)
        raise SystemExit(f"soleus did not start: {line!r}; see {prog.log.name}")
    if status_request(sock_path) is None:
        raise SystemExit("soleus answered the status request with an error")
    ready = (time.perf_counter() - prog.started) * 1000
    prog.proc.stdout.close()
    return ready


def time_status(binary, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([binary, "status", "--json"], stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def tail(path, lines=10):
    return "\n".join((read(path) or "").splitlines()[-lines:])


def fmt(value):
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--soleus", required=True)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--settle", type=float, default=5)
    parser.add_argument("--margin", type=float, default=1.0)
    parser.add_argument("--memory-margin", type=float, default=1.0)
    parser.add_argument("--status-runs", type=int, default=30)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--soleus-env", action="append", default=[], help="KEY=VALUE, or KEY= to unset")
    parser.add_argument("--smaps", help="copy soleus's /proc/PID/smaps here at the end of the window")
    args = parser.parse_args()

    sock_path = os.path.join(os.environ["XDG_RUNTIME_DIR"], "soleus", "soleus.sock")
    env = dict(os.environ)
    for setting in args.soleus_env:
        key, _, value = setting.partition("=")
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    programs = [Program("soleus", [args.soleus, "daemon"], args.logs, env)]
    names = {"soleus"}
    # Peers come through the environment, one command line per line, not as arguments:
    # Safe Eyes takes any python process with "safeeyes" in its arguments for a running
    # Safe Eyes, and would quit at once.
    peers = [p for p in os.environ.get("FOOTPRINT_PEERS", "").splitlines() if p.strip()]
    for peer in peers:
        argv = shlex.split(peer)
        name = os.path.basename(argv[0])
        while name in names:
            name += "'"
        names.add(name)
        programs.append(Program(name, argv, args.logs))

    results = {}
    everything = list(programs)
    try:
        ready = start_soleus(programs[0], sock_path)
        for prog in programs[1:]:
            prog.start()
        time.sleep(args.settle)
        if not programs[0].alive():
            raise SystemExit(f"soleus exited during the settle time; see {programs[0].log.name}")
        for prog in programs[1:]:
            if not prog.alive():
                print(f"name={prog.name} exited during the settle time (code {prog.proc.returncode}); "
                      f"its last words:\n{tail(prog.log.name)}")
        programs = [p for p in programs if p.alive()]
        before = {p.name: snapshot(p.proc.pid) for p in programs}
        t0 = time.monotonic()
        time.sleep(args.window)
        elapsed = time.monotonic() - t0
        after = {p.name: snapshot(p.proc.pid) for p in programs}
        if args.smaps:
            # Where the resident set lies, mapping by mapping: code, heap, stacks.
            with open(args.smaps, "w", encoding="utf-8") as out:
                out.write(read(f"/proc/{programs[0].proc.pid}/smaps") or "")
        per_min = 60.0 / elapsed
        for prog in programs:
            if not prog.alive():
                raise SystemExit(f"{prog.name} exited during the window; its last words:\n{tail(prog.log.name)}")
            b, a = before[prog.name], after[prog.name]
            results[prog.name] = dict(
                hwm_kib=a["hwm_kib"],
                rss_kib=a["rss_kib"],
                pss_kib=a["pss_kib"],
                cpu_ms_min=(a["run_ns"] - b["run_ns"]) / 1e6 * per_min,
                tick_ms_min=(a["ticks"] - b["ticks"]) * 1000 / TICK * per_min,
                ctxsw_min=(a["ctxsw"] - b["ctxsw"]) * per_min,
                threads=a["threads"],
            )
        soleus = results["soleus"]
        soleus["thread_names"] = ",".join(thread_names(programs[0].proc.pid))
        # What the daemon watched during the window: the idle source decides its wakeups.
        status = status_request(sock_path) or {}
        soleus["idle_source"] = status.get("idle_source", "?")
        soleus["presence"] = status.get("presence", "?")
        # After the window, so the requests do not disturb the figures at rest.
        median, slowest = time_status(args.soleus, args.status_runs)
        soleus.update(ready_ms=ready, status_ms=median, status_max_ms=slowest)
    finally:
        for prog in everything:
            prog.stop()

    for name, figures in results.items():
        print(f"name={name} window_s={elapsed:.0f} " + " ".join(f"{k}={fmt(v)}" for k, v in figures.items()))

    soleus = results["soleus"]
    over = []
    margins = {"memory": args.memory_margin, "time": args.margin}
    for key, limit, unit, kind in BUDGET:
        margin = margins[kind]
        allowed = limit * margin
        value = soleus[key]
        verdict = "ok" if value <= allowed else "OVER"
        if verdict == "OVER":
            over.append(key)
        shown = f"{limit:g}" if margin == 1 else f"{limit:g} x {margin:g} = {allowed:g}"
        print(f"budget {key}: {fmt(value)} <= {shown} {unit}: {verdict}")
    if over:
        print(f"verdict: over budget ({', '.join(over)})")
        return 1
    loose = [f"{kind} x{m:g}" for kind, m in margins.items() if m != 1]
    print("verdict: within budget" + (f" (margins: {', '.join(loose)})" if loose else ""))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit as e:
        if isinstance(e.code, str):  # a failed measurement, not a verdict
            print(f"footprint: {e.code}", file=sys.stderr)
            sys.exit(2)
        raise
    except Exception:  # noqa: BLE001 - any other failure is a failed measurement too
        import traceback
        traceback.print_exc()
        sys.exit(2)
