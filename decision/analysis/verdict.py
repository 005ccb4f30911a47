"""The verdict: a few plain sentences, French and English, built from the study's figures.

No language model: every sentence is a template filled with numbers the study computed.

1. How often the nominal first is first: its share of rank 1 over all samples
   (« Le scénario X arrive premier dans 83 % des cas plausibles »), with the scenario most
   often first otherwise.
2. What could change that: the factors with the largest total Sobol index on the nominal
   first's rank (the event "it loses the first place"), at least :data:`DRIVER_THRESHOLD`, at
   most :data:`MAX_DRIVERS`. If its rank never moved, no factor is named.
3. The weight whose stability interval for the first place is narrowest relative to its
   nominal value, and the nearest parameter tipping point (relative to its range), if any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from copilote.decision.analysis.sensitivity_model import Factor
from copilote.decision.analysis.stability import Stability
from copilote.decision.analysis.tipping import TippingPoint
from copilote.decision.numbers import format_number, format_share

#: Smallest total index for a factor to be named as a driver.
DRIVER_THRESHOLD = 0.05
#: Most drivers named.
MAX_DRIVERS = 3
NBSP = "\u00a0"
#: First in at least this share of plausible cases: solidly first; below FRAGILE_SHARE: fragile.
#: A convention of this project for the committee's coloured badge, not a published threshold.
SOLID_SHARE = 0.75
FRAGILE_SHARE = 0.4


def robustness_level(share: float) -> str:
    """``solid``, ``contested``, ``fragile`` or ``never`` for a share of first places."""
    if share >= SOLID_SHARE:
        return "solid"
    if share >= FRAGILE_SHARE:
        return "contested"
    return "fragile" if share > 0 else "never"


@dataclass(frozen=True)
class VerdictInputs:
    """The figures a verdict is made of.

    Attributes:
        first: id of the nominal first scenario.
        labels_fr, labels_en: scenario id -> display name.
        acceptability: scenario id -> shares of rank 1, 2, ...
        total_first: factor name -> total index on the nominal first's rank (empty if constant).
        factors: the study's factors (labels, units).
        stability: weight name -> stability interval.
        tipping: tipping points (value None: none within range).
        n_samples: number of evaluated samples.
        kind: ``case`` (scenarios) or ``table`` (alternatives of a CSV table: "options").
    """

    first: str
    labels_fr: Mapping[str, str]
    labels_en: Mapping[str, str]
    acceptability: Mapping[str, Sequence[float]]
    total_first: Mapping[str, float]
    factors: Sequence[Factor]
    stability: Mapping[str, Stability]
    tipping: Sequence[TippingPoint]
    n_samples: int
    kind: str = "case"


def drivers(total: Mapping[str, float]) -> list[str]:
    """Factor names with the largest total indices, >= :data:`DRIVER_THRESHOLD`."""
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return [name for name, st in ranked if st >= DRIVER_THRESHOLD][:MAX_DRIVERS]


def verdict(inputs: VerdictInputs) -> tuple[str, str]:
    """(French, English) verdict."""
    share = float(inputs.acceptability[inputs.first][0])
    runner = _runner_up(inputs)
    by_name = {f.name: f for f in inputs.factors}
    named = drivers(inputs.total_first)

    case = inputs.kind == "case"
    # "premier" / "première" agree with the noun: le scénario, l'option.
    fr_noun = "Le scénario" if case else "L'option"
    fr_subject = f"{fr_noun} « {inputs.labels_fr[inputs.first]} »"
    en_subject = f"{'Scenario' if case else 'Option'} '{inputs.labels_en[inputs.first]}'"
    premier = "premier" if case else "première"
    if share >= 0.9995:
        fr = [
            f"{fr_subject} arrive {premier} dans tous les cas plausibles testés "
            f"({inputs.n_samples} tirages)."
        ]
        en = [f"{en_subject} comes first in every plausible case tried ({inputs.n_samples} draws)."]
    else:
        fr = [f"{fr_subject} arrive {premier} dans {_pct_fr(share)} des cas plausibles"]
        en = [f"{en_subject} comes first in {_pct_en(share)} of plausible cases"]
        if runner is not None:
            other, other_share = runner
            fr[0] += (
                f" ; sinon, c'est le plus souvent « {inputs.labels_fr[other]} » "
                f"({_pct_fr(other_share)} des cas)."
            )
            en[0] += (
                f"; otherwise it is most often '{inputs.labels_en[other]}' "
                f"({_pct_en(other_share)} of cases)."
            )
        else:
            fr[0] += "."
            en[0] += "."
    if named:
        fr.append(
            "Ce qui pourrait changer cela : "
            + _join_fr([_factor_fr(by_name[n]) for n in named])
            + "."
        )
        en.append(
            "What could change that: " + _join_en([_factor_en(by_name[n]) for n in named]) + "."
        )
    elif share < 0.9995:
        fr.append("Aucun facteur ne pèse seul nettement sur cette place.")
        en.append("No single factor clearly weighs on that place.")

    narrow = _narrowest(inputs.stability)
    if narrow is not None:
        name, stab = narrow
        f = by_name.get(name)
        fr_w = _factor_fr(f) if f else f"le poids « {name[2:]} »"
        en_w = _factor_en(f) if f else f"the weight '{name[2:]}'"
        lo, hi = stab.top
        if lo <= 0.0:
            fr_range, en_range = f"reste sous {_pct_fr(hi)}", f"stays below {_pct_en(hi)}"
        elif hi >= 1.0:
            fr_range = f"reste au-dessus de {_pct_fr(lo)}"
            en_range = f"stays above {_pct_en(lo)}"
        else:
            fr_range = f"reste entre {_pct_fr(lo)} et {_pct_fr(hi)}"
            en_range = f"stays between {_pct_en(lo)} and {_pct_en(hi)}"
        fr.append(
            f"{'Il' if case else 'Elle'} reste {premier} tant que {fr_w} {fr_range} "
            f"(aujourd'hui {_pct_fr(stab.nominal)}), les autres poids gardant leurs proportions."
        )
        en.append(
            f"It stays first while {en_w} {en_range} (now {_pct_en(stab.nominal)}), "
            "the other weights keeping their proportions."
        )

    tip = _nearest_tipping(inputs.tipping)
    if tip is not None and tip.value is not None and tip.to is not None:
        f = by_name.get(tip.parameter)
        assert tip.outside is not None
        up = tip.outside > tip.nominal
        fr_p = _factor_fr(f) if f else tip.parameter
        en_p = _factor_en(f) if f else tip.parameter
        unit = f"{NBSP}{tip.unit}" if tip.unit else ""
        fr.append(
            f"{'Il' if case else 'Elle'} perd la première place si {fr_p} "
            f"{'dépasse' if up else 'descend sous'} {_num_fr(tip.value)}{unit} "
            f"(au profit de « {inputs.labels_fr[tip.to]} »)."
        )
        en.append(
            f"It loses first place if {en_p} {'exceeds' if up else 'falls below'} "
            f"{_num_en(tip.value)}{unit} (to '{inputs.labels_en[tip.to]}')."
        )
    return " ".join(fr), " ".join(en)


# -- pieces --------------------------------------------------------------------------------
def _runner_up(inputs: VerdictInputs) -> tuple[str, float] | None:
    others = [(a, float(s[0])) for a, s in inputs.acceptability.items() if a != inputs.first]
    others = [o for o in others if o[1] > 0]
    if not others:
        return None
    return max(others, key=lambda o: (o[1], -list(inputs.acceptability).index(o[0])))


def _narrowest(stability: Mapping[str, Stability]) -> tuple[str, Stability] | None:
    """The weight whose top interval leaves it least room relative to its nominal value."""
    best: tuple[float, str, Stability] | None = None
    for name, stab in stability.items():
        if stab.nominal <= 0:
            continue
        lo, hi = stab.top
        if lo <= 0.0 and hi >= 1.0:
            continue  # no limit on either side: nothing to say
        room = min((stab.nominal - lo) / stab.nominal, (hi - stab.nominal) / stab.nominal)
        if best is None or room < best[0]:
            best = (room, name, stab)
    return None if best is None else (best[1], best[2])


def _nearest_tipping(points: Sequence[TippingPoint]) -> TippingPoint | None:
    found = [p for p in points if p.value is not None and p.high > p.low]
    if not found:
        return None
    return min(found, key=lambda p: (abs(p.value - p.nominal) / (p.high - p.low), p.parameter))  # type: ignore[operator]


def _lower_first(text: str) -> str:
    """``Prix du gaz`` -> ``prix du gaz``; leaves acronyms (``CO2``, ``NOx``) alone."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper() and text[1] != "O":
        return text[0].lower() + text[1:]
    return text


def _factor_fr(f: Factor) -> str:
    if f.group == "weights":
        return f"le poids donné au critère « {_lower_first(f.label_fr or f.name[2:])} »"
    if f.group == "method":
        return "le choix de la méthode"
    return f"« {_lower_first(f.label_fr or f.name)} »"


def _factor_en(f: Factor) -> str:
    if f.group == "weights":
        return f"the weight given to the criterion '{_lower_first(f.label_en or f.name[2:])}'"
    if f.group == "method":
        return "the choice of method"
    return f"'{_lower_first(f.label_en or f.name)}'"


def _join_fr(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _join_en(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _pct_en(x: float) -> str:
    return format_share(x, "en")


def _pct_fr(x: float) -> str:
    return format_share(x, "fr")


def _num_en(x: float) -> str:
    return format_number(x, "en")


def _num_fr(x: float) -> str:
    return format_number(x, "fr")
