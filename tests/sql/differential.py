"""The SQL backend proven against the interpreter: every edition's generated SQL run on DuckDB and
on Spark SQL (local mode) over a population, and every practitioner's outcome compared with the
interpreter's.

    python3 tests/sql/differential.py POPULATION [--sql generated/sql] [--engines duckdb,spark]
        [--also POPULATION SQL]...

POPULATION holds, per edition, `<programme>/<profession>-<year>/` with `declarations.csv`,
`actes.csv` (the tables of docs/POPULATION.md) and `attendus.csv` (the interpreter's outcomes, the
outcomes layout), as `cargo run --release --example sql_population -- POPULATION` writes them.
The SQL file is run unchanged on both engines; only the tables it reads are set up here, typed
from the columns its head lists (a column the CSV lacks is given empty). Exit 0 when every outcome
agrees, 1 on any difference (each printed with the practitioner and the column), 2 on bad usage.
`--also` adds another population with its SQL folder, run in the same Spark session.
"""

import argparse
import csv
import re
import sys
import time
from pathlib import Path

COLUMN = re.compile(r"^-- (declarations|actes): `((?:[^`]|``)+)` (\w+)$")
ACTS_DEFAULTS = {}


def columns_read(sql_text):
    """The columns the SQL reads, by table, with their types, from the file's head."""
    tables = {"declarations": [("id", "STRING")], "actes": []}
    for line in sql_text.splitlines():
        match = COLUMN.match(line)
        if match:
            table, name, kind = match.groups()
            name = name.replace("``", "`")
            if (name, kind) not in tables[table]:
                tables[table].append((name, kind))
    return tables


def quoted(name):
    return "`" + name.replace("`", "``") + "`"


def typed_view(view, source, header, columns):
    """A view of the text table `source` with each column the SQL reads cast to its type."""
    cells = []
    for name, kind in columns:
        if name in header:
            cells.append(f"CAST(NULLIF({quoted(name)}, '') AS {kind}) AS {quoted(name)}")
        else:
            cells.append(f"CAST(NULL AS {kind}) AS {quoted(name)}")
    return f"CREATE OR REPLACE TEMPORARY VIEW {view} AS SELECT {', '.join(cells)} FROM {source}"


def statements(sql_text):
    """The statements of a generated file (no `;` stands inside its literals)."""
    return [s.strip() for s in sql_text.split(";\n") if s.strip() and not all(
        line.startswith("--") or not line.strip() for line in s.strip().splitlines())]


def header_of(path):
    with open(path, newline="", encoding="utf-8") as f:
        return next(csv.reader(f))


def expected_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, {row["id"]: row for row in reader}


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def compare(engine, edition, fields, expected, rows):
    """Every practitioner's outcome against the interpreter's; the differences printed."""
    problems = 0
    seen = set()
    for row in rows:
        practitioner = cell(row["id"])
        seen.add(practitioner)
        wanted = expected.get(practitioner)
        if wanted is None:
            problems += 1
            print(f"  {engine} {edition}: {practitioner} has an outcome, the interpreter none")
            continue
        for field in fields:
            got = cell(row[field])
            if got != wanted[field]:
                problems += 1
                if problems <= 20:
                    print(f"  {engine} {edition}: {practitioner} `{field}`: SQL {got!r}, interpreter {wanted[field]!r}")
    missing = set(expected) - seen
    for practitioner in sorted(missing)[:20]:
        print(f"  {engine} {edition}: {practitioner} has no SQL outcome")
    return problems + len(missing)


def run_duckdb(sql_text, tables, folder):
    import duckdb

    con = duckdb.connect()
    for table in ("declarations", "actes"):
        path = folder / f"{table}.csv"
        source = f"read_csv('{path}', header = true, all_varchar = true, auto_detect = false, columns = {{{', '.join(repr(c) + ': ' + repr('VARCHAR') for c in header_of(path))}}})"
        con.execute(typed_view(table, source, header_of(path), tables[table] or [("id", "STRING")]))
    for statement in statements(sql_text):
        con.execute(statement)
    cursor = con.execute("SELECT * FROM resultats")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values)) for values in cursor.fetchall()]


class Spark:
    def __init__(self):
        from pyspark.sql import SparkSession

        self.session = (
            SparkSession.builder.master("local[2]")
            .appName("guidec-sql-differential")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        self.session.sparkContext.setLogLevel("ERROR")

    def run(self, sql_text, tables, folder):
        spark = self.session
        for table in ("declarations", "actes"):
            path = folder / f"{table}.csv"
            raw = spark.read.option("header", True).option("inferSchema", False).csv(str(path))
            raw.createOrReplaceTempView(f"{table}_texte")
            spark.sql(typed_view(table, f"{table}_texte", header_of(path), tables[table] or [("id", "STRING")]))
        for statement in statements(sql_text):
            spark.sql(statement)
        return [row.asDict() for row in spark.sql("SELECT * FROM resultats").collect()]

    def stop(self):
        self.session.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("population", type=Path)
    parser.add_argument("--sql", type=Path, default=Path("generated/sql"))
    parser.add_argument("--engines", default="duckdb,spark")
    parser.add_argument("--every-column", action="store_true",
                        help="fail when the population lacks a column the SQL reads (it would be compared only as empty)")
    parser.add_argument("--also", nargs=2, action="append", default=[], type=Path,
                        metavar=("POPULATION", "SQL"),
                        help="another population and its SQL folder, in the same Spark session")
    args = parser.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    if not engines or any(e not in ("duckdb", "spark") for e in engines):
        print("--engines: duckdb, spark, or both", file=sys.stderr)
        return 2
    runs = []
    for population, sql in [(args.population, args.sql)] + [tuple(pair) for pair in args.also]:
        files = sorted(sql.glob("*/*.sql"))
        if not files:
            print(f"no SQL file under {sql}", file=sys.stderr)
            return 2
        runs.extend((population, sql_file) for sql_file in files)
    spark = None
    failures = 0
    for population, sql_file in runs:
        edition = f"{sql_file.parent.name}/{sql_file.stem}"
        folder = population / sql_file.parent.name / sql_file.stem
        if not (folder / "attendus.csv").is_file():
            print(f"{edition}: no population in {folder}", file=sys.stderr)
            return 2
        sql_text = sql_file.read_text(encoding="utf-8")
        tables = columns_read(sql_text)
        fields, expected = expected_rows(folder / "attendus.csv")
        for table in ("declarations", "actes"):
            header = header_of(folder / f"{table}.csv")
            absent = [name for name, _ in tables[table] if name not in header]
            if absent:
                print(f"{edition}: {table}.csv lacks {', '.join(absent)} (given empty)")
                if args.every_column:
                    failures += len(absent)
        for engine in engines:
            start = time.monotonic()
            if engine == "duckdb":
                rows = run_duckdb(sql_text, tables, folder)
            else:
                if spark is None:
                    spark = Spark()
                rows = spark.run(sql_text, tables, folder)
            problems = compare(engine, edition, fields, expected, rows)
            failures += problems
            verdict = "agree" if problems == 0 else f"{problems} differences"
            print(f"{edition} on {engine}: {len(rows)} practitioners, {len(fields) - 1} columns each, {verdict} ({time.monotonic() - start:.1f} s)")
    if spark is not None:
        spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
