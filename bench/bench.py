#!/usr/bin/env python3
"""uidinit side by side with tini, tini-static, dumb-init, catatonit, a bare
exec and the uid_entrypoint script.  Run by bench/run.sh (as root), after it
built the helpers in bench/build.  Prints one markdown table per benchmark,
writes every raw number to bench/results.json and the tables to
bench/build/tables.md.  BENCH_QUICK=1: few rounds, small sizes (development).

Every timing is interleaved (each round runs every subject once, in rotated
order) and reported as a median with its spread (p25-p75), and as ratios
against the best peer and against the floor, taken round by round (paired),
so a slow phase of a busy machine hits all subjects alike."""

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
BENCH = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(BENCH)
BUILD = os.path.join(BENCH, "build")
UIDINIT = os.path.abspath(os.environ.get("UIDINIT", os.path.join(TOP, "uidinit")))
TRUE = os.path.join(BUILD, "true")
MININIT = os.path.join(BUILD, "mininit")

# name, binary, argv prefix ("INIT -- COMMAND")
SUBJECTS = [
    ("uidinit", UIDINIT, [UIDINIT, "--"]),
    ("tini", "/usr/bin/tini", ["/usr/bin/tini", "--"]),
    ("tini-static", "/usr/bin/tini-static", ["/usr/bin/tini-static", "--"]),
    ("dumb-init", "/usr/bin/dumb-init", ["/usr/bin/dumb-init", "--"]),
    ("catatonit", "/usr/bin/catatonit", ["/usr/bin/catatonit", "--"]),
]
PEERS = [s[0] for s in SUBJECTS[1:]]
MINI = ("mininit (floor)", MININIT, [MININIT])

N = {
    "start_rounds": 30 if QUICK else 400,
    "idle_seconds": 2 if QUICK else 10,
    "idle_rounds": 1 if QUICK else 3,
    "orphans": 2000 if QUICK else 20000,
    "reap_rounds": 1 if QUICK else 4,
    "signals": 500 if QUICK else 10000,
    "passwd_lines": [30, 10000, 1000000],
    "passwd_rounds": {30: 40, 10000: 20, 1000000: 3} if QUICK
    else {30: 300, 10000: 100, 1000000: 10},
    "uid": 1000120000,
}

RAW = {"quick": QUICK, "params": N}
TABLES = []


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def q(xs, p):
    """Percentile p (0-100) by linear interpolation."""
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def med(xs):
    return q(xs, 50)


def spread(xs, fmt):
    return f"{fmt(q(xs, 25))}–{fmt(q(xs, 75))}"


def paired(a, b):
    """Per-round ratios a[i]/b[i]: median and p25-p75."""
    r = [x / y for x, y in zip(a, b) if y > 0]
    return med(r), q(r, 25), q(r, 75)


def fr(t):
    m, lo, hi = t
    return f"{m:.2f} ({lo:.2f}–{hi:.2f})"


def table(title, head, rows, note=""):
    out = [f"### {title}", ""]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(" --- " for _ in head) + "|")
    for r in rows:
        out.append("| " + " | ".join(str(c) for c in r) + " |")
    if note:
        out += ["", note]
    text = "\n".join(out) + "\n"
    print(text, flush=True)
    TABLES.append(text)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def us(x):
    return f"{x / 1e3:.1f}"


def ms(x):
    return f"{x / 1e6:.2f}"


# ---------------------------------------------------------------- size
def bench_size():
    rows, raw = [], {}
    for name, path in [(s[0], s[1]) for s in SUBJECTS] + [("static true (floor)", TRUE)]:
        desc = run(["file", "-L", path])
        static = "statically linked" in desc or "static-pie" in desc
        stripped = "not stripped" not in desc
        raw[name] = {"bytes": os.path.getsize(path), "static": static, "stripped": stripped}
    best_peer = min(PEERS, key=lambda n: raw[n]["bytes"])
    best_static = min((n for n in PEERS if raw[n]["static"]), key=lambda n: raw[n]["bytes"])
    floor = raw["static true (floor)"]["bytes"]
    for name, r in raw.items():
        b = r["bytes"]
        rows.append([name, f"{b:,}", f"{b / 1024:.1f}", "static" if r["static"] else "dynamic (+ libc.so)",
                     "yes" if r["stripped"] else "no",
                     f"{b / raw[best_peer]['bytes']:.2f}", f"{b / raw[best_static]['bytes']:.3f}",
                     f"{b / floor:.2f}"])
    RAW["size"] = raw
    table("Size", ["binary", "bytes", "KiB", "linking", "stripped", f"× smallest peer ({best_peer})",
                   f"× smallest static peer ({best_static})", "× static true"], rows,
          "Goal: uidinit at most 32 KiB static, aim 24 KiB. A dynamic binary also maps "
          "libc.so.6 (about 1.9 MiB, shared with the rest of the system).")


# ---------------------------------------------------------------- start-up
def spawnbench(cmds, rounds, opts=(), env=None):
    argv = [os.path.join(BUILD, "spawnbench"), "-n", str(rounds), "-w", "5", *opts, "--"]
    for i, c in enumerate(cmds):
        if i:
            argv.append(":::")
        argv += c
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    if p.returncode != 0:
        raise SystemExit(f"spawnbench failed ({p.returncode}): {' '.join(argv)}\n{p.stderr}")
    cells = [[tuple(int(v) for v in x.split(":")) for x in line.split("\t")] for line in p.stdout.splitlines()]
    walls = [[r[i][0] for r in cells] for i in range(len(cmds))]
    cpus = [[r[i][1] for r in cells] for i in range(len(cmds))]
    return walls, cpus, p.stderr, argv


def time_table(title, names, cols, cpus, peers, floor, unit=ms, uname="ms", note=""):
    byname = dict(zip(names, cols))
    bycpu = dict(zip(names, cpus))
    best = min(peers, key=lambda n: med(byname[n]))
    rows = []
    for n in names:
        c = byname[n]
        rows.append([n, unit(med(c)), spread(c, unit), fr(paired(c, byname[best])),
                     fr(paired(c, byname[floor])), unit(med(bycpu[n])),
                     f"{med(bycpu[n]) / med(bycpu[floor]):.2f}"])
    table(title, ["subject", f"median {uname}", f"p25–p75 {uname}", f"× best peer ({best})",
                  f"× floor ({floor})", f"CPU {uname}, median", "CPU × floor"], rows, note)
    return best


def bench_start():
    r = N["start_rounds"]
    out = {}
    # PID 1 of a fresh PID namespace.
    names = [s[0] for s in SUBJECTS] + ["mininit (floor)", "bare true (floor)"]
    cmds = [s[2] + [TRUE] for s in SUBJECTS] + [[MININIT, TRUE], [TRUE]]
    cols, cpus, _, argv = spawnbench(cmds, r, ["-N"])
    out["pid1"] = {"argv": argv, "names": names, "ns": cols, "cpu_ns": cpus}
    time_table(f"Start-up as PID 1 of a new PID namespace: `INIT -- true`, {r} interleaved rounds",
               names, cols, cpus, PEERS, "bare true (floor)",
               note="Wall time from clone(CLONE_NEWPID) to wait4() of the init, measured by "
               "bench/spawnbench; CPU: user+system time of the init and its child (wait4 rusage). Goal: uidinit at or below the best peer.")
    # Not PID 1: uidinit fixes the account and execs; the others fork and wait.
    names = [s[0] for s in SUBJECTS] + ["uidinit -n", "exec trampoline", "bare true (floor)"]
    cmds = [s[2] + [TRUE] for s in SUBJECTS] + [[UIDINIT, "-n", "--", TRUE],
                                                [os.path.join(BUILD, "execonly"), TRUE], [TRUE]]
    cols, cpus, _, argv = spawnbench(cmds, r)
    out["not_pid1"] = {"argv": argv, "names": names, "ns": cols, "cpu_ns": cpus}
    time_table(f"Start-up outside a PID namespace (not PID 1): `INIT -- true`, {r} interleaved rounds",
               names, cols, cpus, PEERS, "bare true (floor)",
               note="Wall time from fork() to wait4(); CPU as above. Here uidinit does the account fix "
               "(root: found on line 1) and execs; `uidinit -n` skips the account fix; the exec "
               "trampoline (bench/execonly.c) only execs, the least any exec-ing wrapper costs; tini, "
               "dumb-init and catatonit fork and wait. Goal: uidinit within 5% of bare exec.")
    RAW["startup"] = out


# ---------------------------------------------------------------- idle, memory
def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def sample(pid):
    st = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            st[k] = v.strip()
    with open(f"/proc/{pid}/schedstat") as f:
        cpu = int(f.read().split()[0])
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return {"vcsw": int(st["voluntary_ctxt_switches"]), "ivcsw": int(st["nonvoluntary_ctxt_switches"]),
            "cpu_ns": cpu, "ticks": int(fields[11]) + int(fields[12])}


def smaps(pid):
    out = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1])
    return out


def bench_idle():
    subjects = SUBJECTS + [MINI]
    secs = N["idle_seconds"]
    rounds = []
    for rnd in range(N["idle_rounds"]):
        procs = {}
        for name, _, pre in subjects:
            procs[name] = subprocess.Popen(["unshare", "--pid", "--fork"] + pre + [os.path.join(BUILD, "sleeper")],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # start-up done, child asleep
        inits = {}
        for name, p in procs.items():
            kids = children(p.pid)
            if len(kids) != 1 or len(children(kids[0])) != 1:
                raise SystemExit(f"idle: {name}: cannot find the init and its child")
            inits[name] = kids[0]
        t0 = {n: sample(pid) for n, pid in inits.items()}
        time.sleep(secs)
        t1 = {n: sample(pid) for n, pid in inits.items()}
        mem = {n: smaps(pid) for n, pid in inits.items()}
        for name, pid in inits.items():
            os.kill(pid, signal.SIGKILL)
        for p in procs.values():
            p.wait(timeout=10)
        rounds.append({n: {"before": t0[n], "after": t1[n], "smaps_kB": mem[n]} for n in inits})
    RAW["idle"] = {"seconds": secs, "rounds": rounds}

    def d(n, k):
        return [r[n]["after"][k] - r[n]["before"][k] for r in rounds]

    rows = []
    for name, _, _ in subjects:
        v, iv, cpu = d(name, "vcsw"), d(name, "ivcsw"), d(name, "cpu_ns")
        rows.append([name, f"{med(v):g}", f"{min(v)}–{max(v)}", f"{med(iv):g}", f"{med(cpu) / 1e3:.1f}",
                     f"{med(d(name, 'ticks')):g}"])
    table(f"Idle: {secs} s with the child asleep (PID 1 of a new namespace), {len(rounds)} rounds",
          ["init", "wake-ups (voluntary ctx switches), median", "min–max", "involuntary, median",
           "CPU µs (schedstat), median", "utime+stime ticks"], rows,
          "All inits idle at the same time in each round. Goal: 0 wake-ups for uidinit.")

    rows = []
    peers_rss = {n: med([r[n]["smaps_kB"]["Rss"] for r in rounds]) for n in PEERS}
    peers_pss = {n: med([r[n]["smaps_kB"]["Pss"] for r in rounds]) for n in PEERS}
    brss, bpss = min(peers_rss, key=peers_rss.get), min(peers_pss, key=peers_pss.get)
    for name, _, _ in subjects:
        rss = med([r[name]["smaps_kB"]["Rss"] for r in rounds])
        pss = med([r[name]["smaps_kB"]["Pss"] for r in rounds])
        priv = med([r[name]["smaps_kB"].get("Private_Clean", 0) + r[name]["smaps_kB"].get("Private_Dirty", 0)
                    for r in rounds])
        rows.append([name, f"{rss:g}", f"{pss:g}", f"{priv:g}", f"{rss / peers_rss[brss]:.2f}",
                     f"{pss / peers_pss[bpss]:.2f}"])
    table("Memory of the idle init (/proc/PID/smaps_rollup, kB, median of the rounds)",
          ["init", "RSS", "PSS", "private", f"RSS × best peer ({brss})", f"PSS × best peer ({bpss})"], rows,
          "PSS divides each shared page by its number of users: a dynamic init's libc pages are "
          "shared with every other process on the machine. Goal: uidinit the smallest.")


# ---------------------------------------------------------------- reaping
def bench_reap():
    n = N["orphans"]
    subjects = SUBJECTS + [MINI, ("mininit -g", MININIT, [MININIT, "-g"])]
    res = {s[0]: [] for s in subjects}
    for rnd in range(N["reap_rounds"]):
        for k in range(len(subjects)):
            name, _, pre = subjects[(rnd + k) % len(subjects)]
            argv = ["unshare", "--pid", "--fork"] + pre + [os.path.join(BUILD, "orphans"), str(n)]
            p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                out, err = p.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                for pid in children(p.pid):  # the init: its namespace dies with it
                    os.kill(pid, signal.SIGKILL)
                p.kill()
                out, err = p.communicate()
                res[name].append({"timeout": True})
                say(f"  reap {name}: timed out after 120 s")
                continue
            if p.returncode != 0:  # e.g. out of PIDs (kernel.pid_max) on a busy machine
                res[name].append({"failed": err.strip()})
                say(f"  reap {name}: failed: {err.strip()}")
                continue
            got, wall, cpu, wakes = (int(x) for x in out.split())
            res[name].append({"orphans": got, "wall_ns": wall, "init_cpu_ns": cpu, "init_wakeups": wakes})
            say(f"  reap {name}: {got} orphans, {wall / 1e6:.0f} ms")
    RAW["reap"] = {"orphans": n, "results": res}
    walls = {k: [x["wall_ns"] for x in v if "wall_ns" in x] or [float("nan")] for k, v in res.items()}
    cpus = {k: [x["init_cpu_ns"] for x in v if "wall_ns" in x] or [float("nan")] for k, v in res.items()}
    wakes = {k: [x["init_wakeups"] for x in v if "wall_ns" in x] or [float("nan")] for k, v in res.items()}
    short = {k: sum(1 for x in v if x.get("orphans", n) != n or "wall_ns" not in x) for k, v in res.items()}
    best = min(PEERS, key=lambda k: med(walls[k]))
    bestc = min(PEERS, key=lambda k: med(cpus[k]))
    rows = []
    for name, _, _ in subjects:
        w, c = walls[name], cpus[name]
        rows.append([name, ms(med(w)), f"{ms(min(w))}–{ms(max(w))}", fr(paired(w, walls[best])),
                     fr(paired(w, walls["mininit (floor)"])), ms(med(c)), f"{med(c) / med(cpus[bestc]):.2f}",
                     f"{med(c) / n / 1e3:.1f}", f"{med(wakes[name]):g}", short[name] or ""])
    table(f"Reaping {n:,} orphans that exit at once, {N['reap_rounds']} rounds",
          ["init", "wall ms, median", "min–max", f"× best peer ({best})", "× mininit (floor)",
           "init CPU ms", f"CPU × best peer ({bestc})", "init CPU µs per orphan",
           "init wake-ups", "runs failed, timed out or short"], rows,
          "Wall: from the release of the orphans until the init's children list "
          "(/proc/INIT/task/INIT/children) holds only the benchmark process, polled every 0.2 ms "
          "from inside the namespace (bench/orphans). Init CPU: /proc/INIT/schedstat over that "
          "interval; wake-ups: its voluntary context switches. `mininit -g` is the floor with one change: "
          "its child gets a process group of its own, as uidinit, tini and catatonit give it. Goal: uidinit at or below the best peer.")


# ---------------------------------------------------------------- signals
SIGNAMES = {int(s): s.name for s in signal.Signals if not s.name.startswith("SIG_")}


def signame(n):
    if n in SIGNAMES and not SIGNAMES[n].startswith("SIGRT"):
        return SIGNAMES[n][3:]
    return f"RTMIN+{n - 34}" if n >= 34 else str(n)


def bench_signals():
    RAW["signals"] = {}
    signals_run("one CPU", ["taskset", "-c", "0"], coverage=True)
    signals_run("both CPUs", [], coverage=False)


def signals_run(where, pin, coverage):
    subjects = SUBJECTS + [MINI]
    argv = pin + [os.path.join(BUILD, "sigbench"), "-n", str(N["signals"]), "--"]
    for i, (_, _, pre) in enumerate(subjects):
        if i:
            argv.append(":::")
        argv += pre + [os.path.join(BUILD, "sigchild")]
    out = run(argv, timeout=600)
    via, direct, lost, cov = {}, {}, {}, {}
    for line in out.splitlines():
        f = line.split()
        name = subjects[int(f[1])][0]
        if f[0] in ("via", "direct"):
            (via if f[0] == "via" else direct)[name] = [int(x) for x in f[2:]]
        elif f[0] == "lost":
            lost.setdefault(name, {}).setdefault(f[2], {})[signame(int(f[3]))] = int(f[4])
        elif f[0] == "cov":
            cov.setdefault(name, {})[signame(int(f[2]))] = int(f[3])
    RAW["signals"][where] = {"argv": argv, "via_ns": via, "direct_ns": direct, "lost": lost, "coverage": cov}
    def ok(xs):
        return [x for x in xs if x >= 0]

    def pair(a, b):
        return [(x, y) for x, y in zip(a, b) if x >= 0 and y >= 0]

    best = min(PEERS, key=lambda k: med(ok(via[k])))
    alldirect = [x for v in direct.values() for x in ok(v)]
    rows = []
    for name, _, _ in subjects:
        v = ok(via[name])
        nlost = len(via[name]) - len(v)
        vb = list(zip(*pair(via[name], via[best])))
        vd = list(zip(*pair(via[name], direct[name])))
        rows.append([name, us(med(v)), spread(v, us), us(q(v, 99)), us(med(ok(direct[name]))),
                     fr(paired(*vb)), fr(paired(*vd)), f"{len(v)}/{len(via[name])}"])
    table(f"Signal round trip on {where}: kill() to the child's acknowledgement, {N['signals']:,} signals per init",
          ["init", "via init, median µs", "p25–p75 µs", "p99 µs", "direct to child, median µs",
           f"× best peer ({best})", "× direct (floor)", "acknowledged"], rows,
          "Signals cycle through HUP INT QUIT USR1 USR2 TERM WINCH; each send waits for the "
          "acknowledgement (timeout 200 ms) before the next, so no two are pending at once and none "
          "can merge: every one missing is lost. Ratios are per round (the same signal, sent to each "
          "init and straight to each child within the round, order rotated). "
          + ("The driver, the inits and their children all run on CPU 0 (taskset): every subject "
             "gets the same placement. " if pin else "Unpinned: the scheduler places each process, so "
             "a subject whose processes land next to other load looks slower, even straight to the child. ")
          + "All direct sends pooled: "
          f"median {us(med(alldirect))} µs. Goal: uidinit at or below the best peer, nothing lost.")
    if not coverage:
        return
    rows = []
    for name, _, _ in subjects:
        c = cov[name]
        missing = [s for s, ok in c.items() if not ok]
        rows.append([name, f"{sum(c.values())}/{len(c)}", ", ".join(missing) or "none"])
    table("Signal coverage: each signal number sent once to the init",
          ["init", "reached the child", "not forwarded"], rows,
          "Sent: 1–64 except KILL, STOP, CHLD, the fault signals (SEGV BUS FPE ILL ABRT TRAP SYS) and "
          "32–34 (reserved by glibc/musl), with TSTP TTIN TTOU CONT last.")


# ---------------------------------------------------------------- account fix
def make_passwd(path, lines):
    with open(path, "w") as f:
        f.write("root:x:0:0:root:/root:/bin/bash\n")
        for i in range(1, lines):
            uid = 10000 + i
            f.write(f"user{uid}:x:{uid}:{uid}:User {uid},,,:/home/user{uid}:/bin/bash\n")
    os.chmod(path, 0o664)  # group root may write: the OpenShift layout


def bench_account():
    uid = N["uid"]
    tmp = tempfile.mkdtemp(prefix="uidinit-bench.")
    os.chmod(tmp, 0o755)
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/"}
    names = ["bare true (floor)", "uidinit", "uid_entrypoint.sh (bash)", "uid_entrypoint.dash (dash)"]
    cmds = [[TRUE], [UIDINIT, TRUE], [os.path.join(BENCH, "uid_entrypoint.sh"), TRUE],
            [os.path.join(BENCH, "uid_entrypoint.dash"), TRUE]]
    res = {}
    try:
        for lines in N["passwd_lines"]:
            path = os.path.join(tmp, f"passwd.{lines}")
            make_passwd(path, lines)
            size = os.path.getsize(path)
            rounds = N["passwd_rounds"][lines]
            cols, cpus, err, argv = spawnbench(cmds, rounds, ["-u", str(uid), "-b", path], env=env)
            grew = [int(x) for x in err.strip().splitlines()[-1].split()[2:]]
            if grew[1:] != [rounds] * 3:
                raise SystemExit(f"account: not every run appended a line: {grew} of {rounds}: {err}")
            res[lines] = {"bytes": size, "rounds": rounds, "argv": argv, "names": names, "ns": cols, "cpu_ns": cpus,
                          "appended": grew}
            os.unlink(path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    RAW["account"] = {"uid": uid, "env": env, "by_lines": res}
    rows = []
    for lines, r in res.items():
        c = dict(zip(names, r["ns"]))
        cc = dict(zip(names, r["cpu_ns"]))
        u, fl = c["uidinit"], c["bare true (floor)"]
        ucost = med(u) - med(fl)
        ucpu = med(cc["uidinit"]) - med(cc["bare true (floor)"])
        for n in names[1:]:
            x = c[n]
            extra = med(x) - med(fl)
            xcpu = med(cc[n]) - med(cc["bare true (floor)"])
            rows.append([f"{lines:,}", f"{r['bytes'] / 1e6:.2f}", n, ms(med(x)), spread(x, ms),
                         fr(paired(x, fl)), fr(paired(x, u)), ms(extra), f"{extra / ucost:.1f}",
                         ms(med(cc[n])), f"{xcpu / ucpu:.1f}"])
    table("Account fix: start to command done, UID absent (whole file scanned, one line appended)",
          ["passwd lines", "MB", "subject", "median ms", "p25–p75 ms", "× bare true", "× uidinit",
           "cost over bare true, ms", "cost ÷ uidinit's cost", "CPU ms, median",
           "CPU cost ÷ uidinit's"], rows,
          f"Run as UID {uid}, GID 0, the file mode 0664 root:root bind-mounted over /etc/passwd in a "
          "private mount namespace (so whoami and id read it too), truncated back to its size after "
          "every run; every run of uidinit and of the scripts appended its line. Cost = median minus "
          "bare true's median; CPU = user+system of the command and all it reaped (wait4 rusage). The command is a "
          f"static true; median bare true: {', '.join(ms(med(dict(zip(names, r['ns']))['bare true (floor)'])) for r in res.values())} ms. "
          "Goal: 20× faster than the script at 30 lines; linear in file size.")
    sizes = sorted(res)
    if len(sizes) >= 2:
        a, b = res[sizes[-2]], res[sizes[-1]]
        rows = []
        for n in names[1:]:
            ca = med(dict(zip(names, a["ns"]))[n]) - med(dict(zip(names, a["ns"]))["bare true (floor)"])
            cb = med(dict(zip(names, b["ns"]))[n]) - med(dict(zip(names, b["ns"]))["bare true (floor)"])
            slope = (cb - ca) / (b["bytes"] - a["bytes"])  # ns per byte
            per_line_a, per_line_b = ca / sizes[-2], cb / sizes[-1]
            rows.append([n, f"{1e3 / slope:.0f}" if slope > 0 else "n/a", f"{per_line_a:.0f}",
                         f"{per_line_b:.0f}"])
        table(f"Account fix: scan speed between {sizes[-2]:,} and {sizes[-1]:,} lines",
              ["subject", "MB/s (marginal)", f"ns per line at {sizes[-2]:,}", f"ns per line at {sizes[-1]:,}"],
              rows, "MB/s = extra bytes ÷ extra cost (median minus bare true's median) between the two sizes. Linear: the ns "
              "per line (cost over bare true ÷ lines) settle to a constant as the file grows.")


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    return {"nproc": os.cpu_count(), "cpu": cpu, "kernel": platform.release(),
            "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "loadavg_at_start": load,
            "uidinit": run([UIDINIT, "--version"]).strip(),
            "uidinit_commit": run(["git", "-C", TOP, "log", "-1", "--format=%h %cI", "--", "init.c", "passwd.c"]).strip()
            + ("" if subprocess.run(["git", "-C", TOP, "diff", "--quiet", "HEAD", "--", "init.c", "passwd.c"]).returncode == 0
               else " + uncommitted changes"),
            "versions": {p: run(["dpkg-query", "-W", "-f=${Version}", p]) for p in ("tini", "dumb-init", "catatonit")}}


def main():
    only = sys.argv[1:] or ["size", "start", "idle", "reap", "signals", "account"]
    t0 = time.time()
    RAW["machine"] = machine()
    m = RAW["machine"]
    head = (f"Machine: {m['nproc']} CPUs, {m['cpu']}, Linux {m['kernel']}; {m['date']}; load average at start "
            f"{' '.join(m['loadavg_at_start'])}; {m['uidinit']} (init.c/passwd.c at {m['uidinit_commit']}), tini {m['versions']['tini']}, dumb-init "
            f"{m['versions']['dumb-init']}, catatonit {m['versions']['catatonit']}" + ("; BENCH_QUICK" if QUICK else ""))
    print(head + "\n", flush=True)
    TABLES.append(head + "\n")
    steps = {"size": bench_size, "start": bench_start, "idle": bench_idle, "reap": bench_reap,
             "signals": bench_signals, "account": bench_account}
    for s in only:
        t = time.time()
        say(f"== {s}")
        steps[s]()
        RAW.setdefault("seconds", {})[s] = round(time.time() - t, 1)
    with open("/proc/loadavg") as f:
        RAW["machine"]["loadavg_at_end"] = f.read().split()[:3]
    RAW["seconds"]["total"] = round(time.time() - t0, 1)
    with open(os.path.join(BENCH, "results.json"), "w") as f:
        json.dump(RAW, f)
    with open(os.path.join(BUILD, "tables.md"), "w") as f:
        f.write("\n".join(TABLES))
    say(f"bench: {RAW['seconds']['total']} s; raw numbers in bench/results.json")


if __name__ == "__main__":
    main()
