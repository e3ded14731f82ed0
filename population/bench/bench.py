#!/usr/bin/env python3
"""`guidec-population run` against DuckDB over the same Parquet files, in one run (BENCHMARKS.md).

For each size (millions of acts rows, 20 000 FAMI 2025 practitioners): generate the population,
run `guidec-population run` (Parquet in, Parquet out), then DuckDB (1 and 2 threads) executing the
generated SQL (generated/sql/fami/chirurgiens_dentistes-2025.sql, the whole outcome) and the
hand-written query of the FAMI télétransmission rate (fami_rate.sql), each under /usr/bin/time -v
for its peak memory and CPU seconds (user + system), with the 1-minute load beside each. Checks that DuckDB's rate decision equals guidec's `teletransmission` status
wherever guidec decides it by the rate, that 200 practitioners written as case files give
under `guidec eval --format json` what `run` gives, and that the same population drawn as CSV
tables gives `run` the same outcomes as the Parquet ones.

    python3 population/bench/bench.py 10 40 [100]      # from the repository's root
"""
import csv, json, os, re, subprocess, sys, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = os.path.join(ROOT, "specs/fami/chirurgiens_dentistes-2025.guide")
POP = os.path.join(ROOT, "target/release/guidec-population")
GUIDEC = os.path.join(ROOT, "target/release/guidec")
GENERATED = os.path.join(ROOT, "generated/sql/fami/chirurgiens_dentistes-2025.sql")
SQL = open(os.path.join(os.path.dirname(__file__), "fami_rate.sql")).read()
PRACTITIONERS = 20_000


def timed(cmd, **kw):
    """Runs `cmd` under /usr/bin/time -v: (seconds, peak RSS in MiB, stdout, stderr, CPU
    seconds, 1-minute load when it ended)."""
    start = time.time()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, **kw)
    seconds = time.time() - start
    if p.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{p.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", p.stderr).group(1))
              for kind in ("User", "System"))
    return seconds, rss / 1024, p.stdout, p.stderr, cpu, os.getloadavg()[0]


DUCK = r"""
import duckdb, sys, time
threads, decl, acts, out = sys.argv[1:5]
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(f"CREATE VIEW declarations AS SELECT * FROM read_parquet('{decl}')")
con.execute(f"CREATE VIEW actes AS SELECT * FROM read_parquet('{acts}')")
query = open(sys.argv[5]).read()
start = time.time()
con.execute(f"COPY ({query.rstrip().rstrip(';')}) TO '{out}' (FORMAT parquet)")
print(time.time() - start)
"""

DUCK_SQL = r"""
import duckdb, sys, time
threads, decl, acts, out, sql = sys.argv[1:6]
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(f"CREATE VIEW declarations AS SELECT * FROM read_parquet('{decl}')")
con.execute(f"CREATE VIEW actes AS SELECT * FROM read_parquet('{acts}')")
start = time.time()
for statement in open(sql, encoding="utf-8").read().split(";\n"):
    if any(line.strip() and not line.startswith("--") for line in statement.splitlines()):
        con.execute(statement)
con.execute(f"COPY (SELECT * FROM resultats) TO '{out}' (FORMAT parquet)")
print(time.time() - start)
"""


def main(sizes):
    load = os.getloadavg()
    cpu = [l for l in open("/proc/cpuinfo") if l.startswith("model name")][0].split(":")[1].strip()
    print(f"machine: {os.cpu_count()} cores, {cpu}; load before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    rows = []
    for millions in sizes:
        acts = millions * 1_000_000
        folder = f"/tmp/guidec-population-bench-{millions}M"  # regenerated when absent
        os.makedirs(folder, exist_ok=True)
        decl, act = f"{folder}/declarations.parquet", f"{folder}/actes.parquet"
        if not os.path.exists(act):
            subprocess.run([POP, "generate", SPEC, "--practitioners", str(PRACTITIONERS),
                            "--act-rows", str(acts), "--seed", "2025", "--declarations", decl,
                            "--acts", act, "--cases", f"{folder}/cas", "--case-count", "200"],
                           check=True)
        out = f"{folder}/resultats.parquet"
        s, rss, _, err, cpu, load = timed([POP, "run", SPEC, "--declarations", decl, "--acts", act,
                                           "--out", out])
        rows.append((millions, "guidec-population run (a thread per core)", s, acts / s, rss, cpu, load))
        print(err.strip().splitlines()[0])
        script = f"{folder}/duck.py"
        open(script, "w").write(DUCK)
        generated = f"{folder}/duck_sql.py"
        open(generated, "w").write(DUCK_SQL)
        open(f"{folder}/fami_rate.sql", "w").write(SQL)
        for threads in (1, 2):
            plural = "s" if threads > 1 else ""
            duck_out = f"{folder}/duckdb-sql-{threads}.parquet"
            s, rss, _, _, cpu, load = timed([sys.executable, generated, str(threads), decl, act,
                                             duck_out, GENERATED])
            rows.append((millions, f"DuckDB, generated SQL, whole outcome ({threads} thread{plural})",
                         s, acts / s, rss, cpu, load))
            duck_out = f"{folder}/duckdb-{threads}.parquet"
            s, rss, _, _, cpu, load = timed([sys.executable, script, str(threads), decl, act,
                                             duck_out, f"{folder}/fami_rate.sql"])
            rows.append((millions, f"DuckDB, hand-written rate ({threads} thread{plural})",
                         s, acts / s, rss, cpu, load))
        check(folder, out, f"{folder}/duckdb-2.parquet")
        if millions == sizes[0] and millions <= 40:
            check_eval(folder, decl, act)
            check_csv(folder, millions, out)
    print()
    print("| acts | engine | seconds | acts/s | CPU seconds | acts per CPU-second | peak RSS (MiB) | load (1 min) at its end |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for millions, engine, s, rate, rss, cpu, load in rows:
        print(f"| {millions} M | {engine} | {s:.2f} | {rate / 1e6:.2f} M | {cpu:.1f} | "
              f"{millions / max(cpu, 1e-9):.2f} M | {rss:.0f} | {load:.1f} |")
    load = os.getloadavg()
    print(f"\nload after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def check(folder, guidec_out, duck_out):
    """DuckDB's decision equals guidec's status wherever guidec decides by the rate."""
    import duckdb
    con = duckdb.connect()
    disagree = con.execute(f"""
        SELECT count(*) FILTER (WHERE (g."indicateurs.teletransmission.status" = 'met') <> d.met),
               count(*)
        FROM read_parquet('{guidec_out}') g JOIN read_parquet('{duck_out}') d USING (id)
        WHERE g."indicateurs.teletransmission.status" IN ('met', 'not_met')
    """).fetchone()
    print(f"DuckDB and guidec on the rate: {disagree[0]} disagreements over {disagree[1]} practitioners")
    if disagree[0]:
        sys.exit("the hand-written query and guidec disagree")
    generated = duck_out.replace("duckdb-2", "duckdb-sql-2")
    columns = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{guidec_out}')").fetchall()]
    listed = ", ".join('"' + c + '"' for c in columns)
    differ = con.execute(f"""
        SELECT count(*) FROM (
          (SELECT {listed} FROM read_parquet('{guidec_out}') EXCEPT SELECT {listed} FROM read_parquet('{generated}'))
          UNION ALL
          (SELECT {listed} FROM read_parquet('{generated}') EXCEPT SELECT {listed} FROM read_parquet('{guidec_out}')))
    """).fetchone()[0]
    print(f"the generated SQL on DuckDB and guidec: {differ} rows that differ, every column")
    if differ:
        sys.exit("the generated SQL and guidec disagree")


def check_eval(folder, decl, act):
    """200 practitioners as case files under `guidec eval` against `run` (CSV output)."""
    out = f"{folder}/resultats.csv"
    subprocess.run([POP, "run", SPEC, "--declarations", decl, "--acts", act, "--out", out],
                   check=True, capture_output=True)
    outcomes = {r["id"]: r for r in csv.DictReader(open(out))}
    cases = sorted(os.listdir(f"{folder}/cas"))
    for name in cases:
        p = subprocess.run([GUIDEC, "eval", SPEC, f"{folder}/cas/{name}", "--format", "json"],
                           capture_output=True, text=True, check=True)
        outcome = json.loads(p.stdout)
        row = outcomes[name[:-5]]
        assert str(outcome["total_cents"]) == row["total_cents"], name
        for sid, s in outcome["sections"].items():
            assert str(s["amount_cents"]) == row[f"sections.{sid}.amount_cents"], (name, sid)
        for iid, i in outcome["indicators"].items():
            assert i["status"] == row[f"indicateurs.{iid}.status"], (name, iid)
            assert str(i["amount_cents"]) == row[f"indicateurs.{iid}.amount_cents"], (name, iid)
    print(f"guidec eval on {len(cases)} case files: the same outcome as run, every field")


def check_csv(folder, millions, parquet_out):
    """The same population drawn as CSV tables (the same seed): `run` on them gives the Parquet
    run's outcomes, every row and column, and the 200 case files' outcomes."""
    import duckdb
    decl, act = f"{folder}/declarations.csv", f"{folder}/actes.csv"
    if not os.path.exists(act):
        subprocess.run([POP, "generate", SPEC, "--practitioners", str(PRACTITIONERS),
                        "--act-rows", str(millions * 1_000_000),
                        "--seed", "2025", "--declarations", decl, "--acts", act], check=True)
    out = f"{folder}/resultats-csv.parquet"
    s, rss, _, err, cpu, load = timed([POP, "run", SPEC, "--declarations", decl, "--acts", act,
                                       "--out", out])
    print(f"CSV in: {err.strip().splitlines()[0]} ({s:.1f} s, {rss:.0f} MiB, load {load:.1f})")
    con = duckdb.connect()
    differ = con.execute(f"""
        SELECT count(*) FROM (
          (SELECT * FROM read_parquet('{parquet_out}') EXCEPT SELECT * FROM read_parquet('{out}'))
          UNION ALL
          (SELECT * FROM read_parquet('{out}') EXCEPT SELECT * FROM read_parquet('{parquet_out}')))
    """).fetchone()[0]
    print(f"run on the CSV tables and on the Parquet ones: {differ} rows that differ, every column")
    if differ:
        sys.exit("the CSV and Parquet runs disagree")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 40])
