"""`make mutation`: mutmut's mutants, judged by one sweep session (tests/mutation_sweep.py; MUTATION.md).

    python -m tests.mutation_run [GLOB ...]      # generate, sweep the matching mutants, record the verdicts
    python -m tests.mutation_run --record        # record what an interrupted sweep had found

mutmut 3 makes the mutants (mutants/ and its `*.py.meta` files, as `mutmut run` does before its first test),
then one pytest session over the whole test selection of pyproject.toml tries them all: mutmut's own runner
forks a session per mutant, ~19 s each on the shared cores, eleven hours for the scope. The verdicts go into
the meta files with mutmut's exit codes, so `mutmut results`, `mutmut show` and tests/mutation_report.py read
them as they read mutmut's own; `mutmut run` (`make mutation-mutmut`) may confirm any of them.
"""

import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
NAMES = MUTANTS / "sweep-mutants.txt"
OUT = MUTANTS / "sweep-results.json"
# Which mutated functions each test reached, kept for the next sweep of a part of the scope (tests/mutation_sweep.py).
REACH = MUTANTS / "sweep-reach.json"
# mutmut's exit codes (mutmut/stats.py): what `mutmut results` and the report show for each verdict.
EXIT_CODE = {"killed": 1, "survived": 0, "timeout": 36}
NO_TESTS = 33


def generate() -> None:
    """What `mutmut run` does before it runs a test: copy the sources, write the mutants and their meta files."""
    from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
    from mutmut.mutation.trampoline import set_mutant_under_test

    set_mutant_under_test("mutant_generation")
    MUTANTS.mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    # One worker process: the machine's cores are shared (mutmut's default is one per core).
    stats = create_mutants(1)
    print(f"mutants: {stats.mutated} files mutated, {stats.unmodified} unchanged since the last run")


def metas() -> list[tuple[Path, dict]]:
    return [(path, json.loads(path.read_text())) for path in sorted(MUTANTS.rglob("*.py.meta"))]


def matching(globs: list[str]) -> list[str]:
    # fnmatch as mutmut matches the names given to `mutmut run`.
    return [
        name
        for _, meta in metas()
        for name in meta["exit_code_by_key"]
        if not globs or any(fnmatch.fnmatch(name, pattern) for pattern in globs)
    ]


def record(names: list[str], *, complete: bool) -> None:
    """The sweep's verdicts into the meta files. After a whole session a mutant it never reached has no test
    among those selected (mutmut's "no tests"); after an interrupted one, it was not checked (left as it was)."""
    verdicts = json.loads(OUT.read_text()) if OUT.exists() else {}
    wanted = set(names)
    for path, meta in metas():
        codes = meta["exit_code_by_key"]
        for name in codes.keys() & wanted:
            if name in verdicts:
                codes[name] = EXIT_CODE[verdicts[name]]
            elif complete:
                codes[name] = NO_TESTS
        path.write_text(json.dumps(meta, indent=4))


def sweep(names: list[str]) -> int:
    from mutmut.configuration import config

    NAMES.write_text("".join(f"{name}\n" for name in names))
    OUT.unlink(missing_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        # SQLite, as under mutmut: tests.mutation puts the test database in a file of mutants/var/.
        if key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        SWEEP_MUTANTS=str(NAMES),
        SWEEP_OUT=str(OUT),
        SWEEP_REACH=str(REACH),
        MUTANT_UNDER_TEST="",
        PY_IGNORE_IMPORTMISMATCH="1",
    )
    # One pytest session, in one process, with mutmut's options and test selection (pyproject.toml).
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--rootdir=.",
        "--tb=line",
        "-q",
        "-p",
        "no:randomly",
        "-p",
        "tests.mutation_sweep",
        *config().pytest_add_cli_args,
        *config().pytest_add_cli_args_test_selection,
    ]
    return subprocess.run(command, cwd=MUTANTS, env=env, check=False).returncode


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # mutmut reads pyproject.toml and writes mutants/ from the working directory
    if argv[:1] == ["--record"]:
        names = NAMES.read_text().split() if NAMES.exists() else []
        record(names, complete=False)
        return 0
    generate()
    names = matching(argv)
    if not names:
        print(f"No mutant matches {argv}")
        return 1
    print(f"sweeping {len(names)} mutants")
    returncode = sweep(names)
    # 0: every test passed unmutated; 1: some failed (listed by the sweep; their mutants untried). Else stopped.
    record(names, complete=returncode in (0, 1))
    return 0 if returncode in (0, 1) else returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
