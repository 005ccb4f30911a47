"""One catalogue of words serves the screen, the memo and the command line."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from copilote.dashboards import i18n as screen
from copilote.decision import i18n
from copilote.decision.memo import text as memo

ROOT = Path(__file__).resolve().parents[2]

#: Keys the screen and the memo each held in their own table before the catalogue: one wording now.
SHARED = (
    "col_criterion",
    "col_direction",
    "col_indicator",
    "col_nominal",
    "col_parameter",
    "col_rank",
    "col_scenario",
    "col_score",
    "col_source",
    "col_status",
    "col_tipping_value",
    "col_unit",
    "col_weight",
    "dir_max",
    "dir_min",
    "rank_1",
    "rank_n",
    "status_assumption",
    "status_derived",
    "status_verified",
    "tipping_none",
)


def _blanks(wording: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(wording) if name}


def test_every_key_has_french_and_english_with_the_same_blanks() -> None:
    assert list(i18n.FR) == list(i18n.EN), "FR and EN hold the same keys in the same order"
    for key, french in i18n.FR.items():
        english = i18n.EN[key]
        assert french.strip() and english.strip(), key
        assert _blanks(french) == _blanks(english), key


def test_screen_and_memo_read_the_one_catalogue() -> None:
    assert screen.tr is i18n.text
    assert memo.t is i18n.text
    for key in SHARED:
        assert screen.tr(key, "fr") == memo.t(key, "fr") == i18n.FR[key]
        assert screen.tr(key, "en") == memo.t(key, "en") == i18n.EN[key]
    # the committee's plain words where the two tables disagreed
    assert i18n.text("dir_min") == "à réduire"
    assert i18n.text("rank_n", "fr", rank=3) == "3ᵉ"
    assert screen.norm_label("sum") == "par la somme" and screen.norm_label("nope") == "nope"
    assert screen.OBJECTIVE_LABELS["standard_deviation"] == ("écart type", "standard deviation")


def _string_tables(path: Path) -> list[str]:
    """Names assigned a dict or tuple of string literals at module level in ``path``."""
    tables = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Dict | ast.Tuple) and any(
            isinstance(leaf, ast.Constant) and isinstance(leaf.value, str) and " " in leaf.value
            for leaf in ast.walk(value)
        ):
            tables.append(ast.unparse(node)[:60])
    return tables


def test_front_ends_hold_no_wording_of_their_own() -> None:
    assert _string_tables(ROOT / "dashboards" / "i18n.py") == []
    assert _string_tables(ROOT / "decision" / "memo" / "text.py") == []
    assert _string_tables(ROOT / "decision" / "i18n.py"), "the check finds a table where one is"


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    asked: dict[str, str] = {}
    for folder in ("dashboards", "decision"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"t", "tr", "text"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    asked[node.args[0].value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    assert len(asked) > 100, "the scan finds the calls"
    missing = {key: where for key, where in asked.items() if key not in i18n.FR}
    assert missing == {}


def _on_language(test: ast.expr) -> bool:
    """The condition picks a language: it reads ``fr``/``lang`` or compares with ``"fr"``."""
    return any(
        (isinstance(leaf, ast.Name) and leaf.id in {"fr", "en", "lang"})
        or (isinstance(leaf, ast.Attribute) and leaf.attr == "lang")
        or (isinstance(leaf, ast.Constant) and leaf.value in {"fr", "en"})
        for leaf in ast.walk(test)
    )


def _wordings_in_place(path: Path) -> list[str]:
    """``"..." if <language> else ...`` with words on a side (not a key)."""
    return [
        ast.unparse(node)[:60]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.IfExp)
        and _on_language(node.test)
        and any(
            isinstance(side, ast.Constant | ast.JoinedStr)
            and any(
                isinstance(leaf, ast.Constant)
                and isinstance(leaf.value, str)
                and any(char.isalpha() for char in leaf.value)
                and leaf.value not in i18n.FR
                for leaf in ast.walk(side)
            )
            for side in (node.body, node.orelse)
        )
    ]


#: Modules whose words all come from the catalogue: no ``"..." if fr else "..."`` phrase in place.
#: The analyst view keeps a module-level table of symbols (the AHP scale), not of words, so only
#: the phrase check applies to it; the others hold no table of words either.
FRONT_ENDS = (
    "decision/analysis/red_lines.py",
    "decision/cli/evaluate.py",
    "decision/cli/parameters.py",
    "decision/memo/content.py",
    "decision/memo/render_md.py",
    "dashboards/group.py",
    "dashboards/views/analyst.py",
    "dashboards/views/red_lines.py",
    "dashboards/views/residents.py",
)


@pytest.mark.parametrize("name", FRONT_ENDS)
def test_front_end_writes_no_phrase_in_place(name: str) -> None:
    path = ROOT / name
    assert _wordings_in_place(path) == [], name
    if not name.endswith("analyst.py"):
        assert _string_tables(path) == [], name


def test_the_phrase_check_bites(tmp_path: Path) -> None:
    """A phrase written in place is found; picking a data object's label is not a phrase."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f(lang, p, fr):\n"
        "    a = 'Ajouter' if lang == 'fr' else 'Add'\n"
        "    b = f'{p.n} membre(s)' if fr else f'{p.n} member(s)'\n"
        "    c = p.label_fr if lang == 'fr' else p.label_en\n"
        "    d = 'col_rank' if fr else 'col_score'\n"
        "    e = 'best' if p.x == p.y else ''\n"
        "WORDS = {'add': ('Ajouter une ligne', 'Add a line')}\n",
        encoding="utf-8",
    )
    assert len(_wordings_in_place(probe)) == 2
    assert len(_string_tables(probe)) == 1


def test_moved_words_follow_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The residents' tables (memo and committee card) and the group and red-lines views read
    the catalogue at the time they draw, not a copy."""
    from copilote.dashboards.group import w
    from copilote.dashboards.views.residents import residents_html
    from copilote.decision.case.loading import load_case
    from copilote.decision.memo.content import residents_tables

    case = load_case()
    for lang, table in (("fr", i18n.FR), ("en", i18n.EN)):
        monkeypatch.setitem(table, "res_heating", "«MARK»")
        monkeypatch.setitem(table, "res_title", "«TITLE»")
        monkeypatch.setitem(table, "grp_median", "«MEDIAN»")
        assert "«MARK»" in residents_tables(case, lang)[0].headers
        assert "«TITLE»" in residents_html(load_case(), lang)
        assert w("median", lang) == "«MEDIAN»"
        monkeypatch.undo()


def test_evaluate_and_parameters_read_their_words_from_the_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from copilote.decision.case.loading import load_case
    from copilote.decision.cli.evaluate import performance_table
    from copilote.decision.cli.parameters import parameter_table

    case = load_case()
    for lang, table in (("fr", i18n.FR), ("en", i18n.EN)):
        for key, show in (
            ("cli_eval_indicators", performance_table),
            ("cli_eval_nominal", performance_table),
            ("cli_param_fixed", parameter_table),
            ("status_assumption", parameter_table),
            ("status_derived", parameter_table),
            ("cli_param_count", parameter_table),
        ):
            assert table[key].split("{")[0] in show(case, lang), (lang, key)
            monkeypatch.setitem(table, key, "«MARK»")
            assert "«MARK»" in show(case, lang), (lang, key)
            monkeypatch.undo()
