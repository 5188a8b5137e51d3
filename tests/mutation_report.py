"""The figures of `make mutation`, per module, from mutmut's results in mutants/ (see MUTATION.md).

    python -m tests.mutation_report [GLOB ...]

Counts the mutants whose names match the globs (all, without any); the mutants that MUTATION.md lists as
equivalent (their names in backquotes under "## Equivalent mutants") leave the score's denominator.
"""

import fnmatch
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
# mutmut's exit codes (mutmut/stats.py), folded into the columns reported.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", None: "not checked"}
TIMEOUT = {24, -24, 36, 152, 255}
COLUMNS = ("mutants", "killed", "survived", "timeout", "no tests", "equivalent", "not checked")


def status_of(exit_code) -> str:
    if exit_code in TIMEOUT:
        return "timeout"
    return STATUS.get(exit_code, "suspicious")


def equivalent_mutants() -> set[str]:
    text = (ROOT / "MUTATION.md").read_text(encoding="utf-8") if (ROOT / "MUTATION.md").exists() else ""
    _, _, section = text.partition("## Equivalent mutants")
    section = section.split("\n## ", 1)[0]
    return set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", section))


def results(globs: list[str]) -> dict[str, dict[str, str]]:
    """{module: {mutant: status}} for the mutants matching the globs."""
    by_module: dict[str, dict[str, str]] = defaultdict(dict)
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        module = ".".join(meta.relative_to(MUTANTS).with_suffix("").with_suffix("").parts)
        for mutant, exit_code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if not globs or any(fnmatch.fnmatchcase(mutant, pattern) for pattern in globs):
                by_module[module][mutant] = status_of(exit_code)
    return by_module


def main(globs: list[str]) -> int:
    if not MUTANTS.is_dir():
        print("No mutants/: run `make mutation` first.")
        return 1
    equivalent = equivalent_mutants()
    by_module = results(globs)
    total: Counter = Counter()
    survivors = []
    print("| module | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for module, statuses in sorted(by_module.items()):
        counts: Counter = Counter(mutants=len(statuses))
        for mutant, status in statuses.items():
            if status in ("survived", "no tests") and mutant in equivalent:
                status = "equivalent"
            elif status in ("survived", "no tests"):
                survivors.append(f"{mutant} ({status})")
            counts[status] += 1
        total.update(counts)
        print(f"| {module} | " + " | ".join(str(counts[column]) for column in COLUMNS) + " |")
    print("| **all** | " + " | ".join(f"**{total[column]}**" for column in COLUMNS) + " |")
    # A timeout is caught (the mutant did not pass); a mutant no test runs is not. Unchecked ones are left out.
    caught = total["killed"] + total["timeout"]
    judged = caught + total["survived"] + total["no tests"]
    if judged:
        print(f"\nScore: {caught} of {judged} non-equivalent mutants caught ({100 * caught / judged:.1f}%).")
    if survivors:
        print("\nSurvivors not listed as equivalent (`.venv/bin/mutmut show NAME`):")
        for mutant in survivors:
            print(f"- {mutant}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
