"""DuckDB executing the generated SQL on a generated Parquet population, 1 and 2 threads: acts a
second and peak memory (BENCHMARKS.md, "The rules in SQL").

    python3 tests/sql/bench.py --generator PATH/guidec-population 10 40 [100]

For each size (millions of acts rows, 20 000 FAMI 2025 practitioners, seed 2025: the files the
`guidec-population run` benchmark reads), generates the population under
/tmp/guidec-bench-<size>M/ unless it is there, then runs generated/sql/fami/chirurgiens_dentistes-2025.sql
on DuckDB with `SET threads` 1 and 2, writing the outcomes to Parquet, each run in its own process
under /usr/bin/time -v for its peak memory (with `--hand`, a hand-written query of the rate alone
beside it, the same way). Run from the repository's root.
"""

import argparse
import os
import re
import subprocess
import sys
import time

SPEC = "specs/fami/chirurgiens_dentistes-2025.guide"
SQL = "generated/sql/fami/chirurgiens_dentistes-2025.sql"
PRACTITIONERS = 20_000

HAND = r"""
import duckdb, sys, time
threads, decl, acts, query, out = sys.argv[1:6]
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(f"CREATE VIEW declarations AS SELECT * FROM read_parquet('{decl}')")
con.execute(f"CREATE VIEW actes AS SELECT * FROM read_parquet('{acts}')")
text = open(query, encoding="utf-8").read().rstrip().rstrip(";")
start = time.time()
con.execute(f"COPY ({text}) TO '{out}' (FORMAT parquet)")
print(time.time() - start)
"""

DUCK = r"""
import duckdb, sys, time
threads, decl, acts, sql, out = sys.argv[1:6]
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


def timed(command):
    """Runs `command` under /usr/bin/time -v: its standard output, peak RSS in MiB and CPU seconds
    (user and system: under load, the wall time counts the waits for a core too)."""
    done = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{command[0]} failed:\n{done.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", done.stderr).group(1))
              for kind in ("User", "System"))
    return done.stdout, rss / 1024, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generator", required=True, help="the guidec-population binary")
    parser.add_argument("--hand", help="a hand-written DuckDB query of the rate alone, timed the same way beside the generated SQL")
    parser.add_argument("sizes", type=int, nargs="+", help="millions of acts rows")
    args = parser.parse_args()
    load = os.getloadavg()
    cpu = [l for l in open("/proc/cpuinfo") if l.startswith("model name")][0].split(":")[1].strip()
    print(f"machine: {os.cpu_count()} cores, {cpu}; load before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("| acts rows | query | DuckDB threads | seconds | acts/s | CPU seconds (process) | acts/CPU-s | peak memory (MiB) | practitioners out |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for millions in args.sizes:
        folder = f"/tmp/guidec-bench-{millions}M"
        os.makedirs(folder, exist_ok=True)
        decl, acts = f"{folder}/declarations.parquet", f"{folder}/actes.parquet"
        if not os.path.exists(acts):
            subprocess.run([args.generator, "generate", SPEC, "--practitioners", str(PRACTITIONERS),
                            "--act-rows", str(millions * 1_000_000), "--seed", "2025",
                            "--declarations", decl, "--acts", acts], check=True, capture_output=True)
        import duckdb
        acts_rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{acts}')").fetchall()[0][0]
        runs = [("generated SQL", DUCK, SQL)]
        if args.hand:
            runs.append(("hand-written rate", HAND, args.hand))
        for threads in (1, 2):
            for name, script, query in runs:
                out = f"{folder}/resultats-{'sql' if script is DUCK else 'hand'}-{threads}.parquet"
                stdout, rss, cpu = timed([sys.executable, "-c", script, str(threads), decl, acts, query, out])
                seconds = float(stdout.strip().splitlines()[-1])
                rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0][0]
                print(f"| {acts_rows:,} | {name} | {threads} | {seconds:.2f} | {acts_rows / seconds / 1e6:.1f} M | {cpu:.1f} | {acts_rows / cpu / 1e6:.1f} M | {rss:.0f} | {rows:,} |".replace(",", " "))
        sys.stdout.flush()
    load = os.getloadavg()
    print(f"load after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
