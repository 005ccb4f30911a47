"""The memo's fixed wording in French and English, and number and date formatting.

French first: a committee reads French; English is the same memo for partners and reviewers.
Numbers follow each language's typography (``31 170,5`` and ``12,3 %`` in French,
``31,170.5`` and ``12.3%`` in English).
"""

from __future__ import annotations

from datetime import datetime

# One way to write numbers for screen, memo and command line; the memo's names kept for its modules.
from copilote.decision.numbers import format_number, format_share, format_significant

__all__ = [
    "LANGS",
    "format_date",
    "format_number",
    "format_share",
    "format_significant",
    "plain_math",
    "t",
]

LANGS = ("fr", "en")

# One entry per piece of wording; {placeholders} are filled by content.py.
_TEXT: dict[str, dict[str, str]] = {
    "doc_title": {"fr": "Note de décision", "en": "Decision memo"},
    "committee": {"fr": "Comité de pilotage", "en": "Steering committee"},
    "table_title": {"fr": "Tableau « {name} »", "en": "Table “{name}”"},
    "summary": {"fr": "En bref", "en": "In short"},
    "summary_first": {
        "fr": "Avec la pondération retenue et la méthode {method}, le scénario arrivé en tête est "
        "« {first} ».",
        "en": "With the chosen weights and the {method} method, the scenario ranked first is "
        "“{first}”.",
    },
    "summary_share": {
        "fr": "Il reste premier dans {share} des {evaluations} cas plausibles examinés "
        "(pondérations et données incertaines tirées au hasard).",
        "en": "It stays first in {share} of the {evaluations} plausible cases examined "
        "(weights and uncertain data drawn at random).",
    },
    "summary_weights": {
        "fr": "Pondération ({owner}) : {weights}.",
        "en": "Weights ({owner}): {weights}.",
    },
    "summary_share_table": {
        "fr": "Il reste premier dans {share} des {evaluations} pondérations plausibles examinées "
        "(chaque poids tiré au hasard autour de sa valeur).",
        "en": "It stays first in {share} of the {evaluations} plausible weightings examined "
        "(each weight drawn at random around its value).",
    },
    "s_context": {"fr": "Objet et contexte", "en": "Purpose and context"},
    "context_case": {
        "fr": "Cette note rend compte de la comparaison multicritère des scénarios du cas "
        "« {title} », faite avec Copilote pour le comité de pilotage. Elle dit ce qui a été "
        "comparé, avec quelle pondération et quelle méthode, quel scénario arrive en tête, "
        "si ce résultat est robuste et sur quelles données il repose.",
        "en": "This memo reports the multi-criteria comparison of the scenarios of the case "
        "“{title}”, made with Copilote for the steering committee. It says what was compared, "
        "with which weights and which method, which scenario comes first, how robust that is "
        "and which data it rests on.",
    },
    "context_table": {
        "fr": "Cette note rend compte de la comparaison multicritère des options du tableau "
        "« {name} », faite avec Copilote pour le comité de pilotage. Elle dit ce qui a été "
        "comparé, avec quelle pondération et quelle méthode, quelle option arrive en tête, "
        "si ce résultat est robuste et sur quelles données il repose.",
        "en": "This memo reports the multi-criteria comparison of the options of the table "
        "“{name}”, made with Copilote for the steering committee. It says what was compared, "
        "with which weights and which method, which option comes first, how robust that is "
        "and which data it rests on.",
    },
    "context_reproduce": {
        "fr": "Le bloc « Traçabilité » en fin de note permet de refaire chaque calcul à "
        "l'identique.",
        "en": "The “Provenance” block at the end allows every figure to be recomputed identically.",
    },
    "s_scenarios": {"fr": "Scénarios comparés", "en": "Scenarios compared"},
    "col_scenario": {"fr": "Scénario", "en": "Scenario"},
    "col_description": {"fr": "Description", "en": "Description"},
    "s_criteria": {
        "fr": "Critères, indicateurs et pondération",
        "en": "Criteria, indicators and weights",
    },
    "weights_owner": {"fr": "Pondération : {owner}.", "en": "Weights: {owner}."},
    "weights_profile": {"fr": "profil « {profile} »", "en": "profile “{profile}”"},
    "weights_typed": {"fr": "pondération saisie", "en": "weights entered by hand"},
    "weights_default": {
        "fr": "pondération par défaut : critères à poids égaux",
        "en": "default weights: equal criterion weights",
    },
    "col_criterion": {"fr": "Critère", "en": "Criterion"},
    "col_indicator": {"fr": "Indicateur", "en": "Indicator"},
    "col_unit": {"fr": "Unité", "en": "Unit"},
    "col_direction": {"fr": "Sens", "en": "Direction"},
    "col_weight": {"fr": "Poids", "en": "Weight"},
    "dir_min": {"fr": "à réduire", "en": "lower is better"},
    "dir_max": {"fr": "à augmenter", "en": "higher is better"},
    "s_method": {"fr": "Méthode", "en": "Method"},
    "method_text": {
        "fr": "Méthode d'analyse multicritère : {label} ({reference}), calculée avec pymcdm. "
        "Normalisation : {normalization}.",
        "en": "Multi-criteria method: {label} ({reference}), computed with pymcdm. "
        "Normalisation: {normalization}.",
    },
    "norm_none": {"fr": "aucune (propre à la méthode)", "en": "none (built into the method)"},
    "method_lower": {
        "fr": "Pour cette méthode, le score le plus bas est le meilleur.",
        "en": "For this method, the lowest score is the best.",
    },
    "method_higher": {
        "fr": "Pour cette méthode, le score le plus élevé est le meilleur.",
        "en": "For this method, the highest score is the best.",
    },
    "s_ranking": {"fr": "Classement", "en": "Ranking"},
    "col_rank": {"fr": "Rang", "en": "Rank"},
    "col_score": {"fr": "Score", "en": "Score"},
    "col_share_first": {"fr": "Premier dans", "en": "First in"},
    "chart_ranking": {
        "fr": "Score de chaque scénario ({method})",
        "en": "Score of each scenario ({method})",
    },
    "chart_share_axis": {"fr": "% des cas plausibles", "en": "% of plausible cases"},
    "s_performance": {"fr": "Performances des scénarios", "en": "Performance of the scenarios"},
    "performance_text": {
        "fr": "Valeurs nominales des indicateurs, dans leurs unités ; ↓ : une valeur plus faible "
        "est meilleure, ↑ : une valeur plus forte est meilleure. La meilleure valeur de chaque "
        "ligne est en gras.",
        "en": "Nominal values of the indicators, in their units; ↓: lower is better, ↑: higher "
        "is better. The best value of each row is in bold.",
    },
    "s_robustness": {"fr": "Robustesse du classement", "en": "Robustness of the ranking"},
    "robust_intro": {
        "fr": "Le classement a été recalculé pour {evaluations} cas plausibles : chaque poids "
        "tiré entre {wlow} et {whigh} fois sa valeur{params}, graine {seed}.",
        "en": "The ranking was recomputed for {evaluations} plausible cases: each weight drawn "
        "between {wlow} and {whigh} times its value{params}, seed {seed}.",
    },
    "robust_params": {
        "fr": ", chaque donnée incertaine tirée dans sa plage",
        "en": ", each uncertain figure drawn within its range",
    },
    "robust_verdict": {"fr": "Verdict", "en": "Verdict"},
    "s_acceptability": {"fr": "Fréquence de chaque rang", "en": "How often each rank"},
    "acceptability_text": {
        "fr": "Part des cas plausibles où chaque scénario occupe chaque rang.",
        "en": "Share of the plausible cases in which each scenario takes each rank.",
    },
    "rank_n": {"fr": "{n}ᵉ", "en": "#{n}"},
    "rank_1": {"fr": "1ᵉʳ", "en": "#1"},
    "s_drivers": {"fr": "Ce qui peut changer l'ordre", "en": "What could change the order"},
    "drivers_text": {
        "fr": "Indices de Sobol totaux (ST) de l'écart de score entre les deux premiers "
        "scénarios : la part de sa variance due à chaque facteur, interactions comprises. "
        "Plus l'indice est grand, plus ce facteur pèse sur l'issue.",
        "en": "Total Sobol indices (ST) of the score gap between the two leading scenarios: the "
        "share of its variance due to each factor, interactions included. The larger the "
        "index, the more this factor weighs on the outcome.",
    },
    "col_factor": {"fr": "Facteur", "en": "Factor"},
    "col_st": {"fr": "Indice total ST", "en": "Total index ST"},
    "col_s1": {"fr": "Indice de 1ᵉʳ ordre S1", "en": "First-order index S1"},
    "factor_weight": {"fr": "poids « {label} »", "en": "weight “{label}”"},
    "factor_method": {"fr": "choix de la méthode", "en": "choice of method"},
    "s_stability": {"fr": "Marges de la pondération", "en": "Margins of the weights"},
    "stability_text": {
        "fr": "Pour chaque poids (les autres ajustés en proportion) : la plage dans laquelle "
        "le premier reste premier, et celle dans laquelle tout le classement reste le même.",
        "en": "For each weight (the others rescaled in proportion): the range within which the "
        "first stays first, and the range within which the whole ranking stays the same.",
    },
    "col_current": {"fr": "Poids retenu", "en": "Chosen weight"},
    "col_top_range": {"fr": "Le premier reste premier", "en": "First stays first"},
    "col_rank_range": {"fr": "Classement inchangé", "en": "Ranking unchanged"},
    "s_tipping": {"fr": "Points de bascule", "en": "Tipping points"},
    "s_red_lines": {"fr": "Lignes rouges", "en": "Red lines"},
    "red_lines_text": {
        "fr": "Une ligne rouge est une limite qu'aucun poids ne rachète. Un scénario qui en "
        "franchit une garde son score mais est classé après tous les autres. La probabilité "
        "est la part des {evaluations} cas plausibles de l'étude où il en franchit au moins une.",
        "en": "A red line is a limit no weight buys back. A scenario that crosses one keeps "
        "its score but is ranked after all others. The probability is the share of the "
        "study's {evaluations} plausible cases in which it crosses at least one.",
    },
    "summary_red_lines": {
        "fr": "Au-delà d'une ligne rouge, donc classé après les autres : {names}.",
        "en": "Beyond a red line, hence ranked after the others: {names}.",
    },
    "col_red_line": {"fr": "Ligne rouge", "en": "Red line"},
    "col_set_by": {"fr": "Fixée par", "en": "Set by"},
    "col_source_reason": {"fr": "Source ou raison", "en": "Source or reason"},
    "col_crossed": {"fr": "Aux valeurs nominales", "en": "At nominal values"},
    "col_p_violation": {"fr": "Probabilité de franchir", "en": "Probability of crossing"},
    "within_lines": {"fr": "en deçà de toutes", "en": "within all"},
    "tipping_text": {
        "fr": "Valeur d'une donnée incertaine (les autres à leur valeur nominale) à partir de "
        "laquelle un autre scénario passe en tête.",
        "en": "Value of an uncertain figure (the others at their nominal values) beyond which "
        "another scenario takes the lead.",
    },
    "tipping_none": {
        "fr": "Aucune donnée incertaine ne fait basculer la tête du classement dans sa plage.",
        "en": "No uncertain figure changes the leader within its range.",
    },
    "tipping_none_table": {
        "fr": "Sans objet pour un tableau : ses valeurs ne sont pas incertaines.",
        "en": "Not applicable to a table: its values are not uncertain.",
    },
    "col_parameter": {"fr": "Donnée", "en": "Figure"},
    "col_tipping_value": {"fr": "Bascule à", "en": "Tips at"},
    "col_nominal": {"fr": "Valeur nominale", "en": "Nominal value"},
    "col_from_to": {"fr": "De → vers", "en": "From → to"},
    "s_assumptions": {
        "fr": "Hypothèses et sources des données",
        "en": "Assumptions and data sources",
    },
    "assumptions_count": {
        "fr": "{total} données, dont {uncertain} incertaines (avec une fourchette) : {verified} "
        "vérifiées (source publiée), {derived} dérivées (calculées à partir de sources), "
        "{assumption} hypothèses (à confirmer).",
        "en": "{total} figures, {uncertain} of them uncertain (with a range): {verified} verified "
        "(published source), {derived} derived (computed from sources), {assumption} "
        "assumptions (to be confirmed).",
    },
    "assumptions_listed": {
        "fr": "Les hypothèses sont listées ci-dessous ; toutes les données, avec leur source et "
        "leur statut, sont en annexe A.",
        "en": "The assumptions are listed below; every figure, with its source and status, is "
        "in annex A.",
    },
    "s_sources_annex": {
        "fr": "Annexe A : données et sources",
        "en": "Annex A: data and sources",
    },
    "assumptions_table": {
        "fr": "Les valeurs viennent du tableau {path}, fourni tel quel : leurs sources ne sont "
        "pas documentées dans Copilote et restent de la responsabilité de qui l'a fourni.",
        "en": "The values come from the table {path}, supplied as is: their sources are not "
        "recorded in Copilote and remain the responsibility of whoever supplied it.",
    },
    "col_range": {"fr": "Plage", "en": "Range"},
    "col_status": {"fr": "Statut", "en": "Status"},
    "col_source": {"fr": "Source", "en": "Source"},
    "status_verified": {"fr": "vérifiée", "en": "verified"},
    "status_derived": {"fr": "dérivée", "en": "derived"},
    "status_assumption": {"fr": "hypothèse", "en": "assumption"},
    "s_provenance": {"fr": "Traçabilité", "en": "Provenance"},
    "prov_text": {
        "fr": "L'empreinte SHA-256 identifie les entrées du calcul (scénarios, données, poids, "
        "méthode, normalisation, graine, N) lues et mises sous forme canonique : elle ne "
        "change pas si un fichier est seulement remis en forme, et change si une valeur change.",
        "en": "The SHA-256 digest identifies the inputs of the computation (scenarios, data, "
        "weights, method, normalisation, seed, N), parsed and put in canonical form: it does not "
        "change when a file is merely reformatted, and changes when any value changes.",
    },
    "prov_digest": {"fr": "Empreinte des entrées (SHA-256)", "en": "Input digest (SHA-256)"},
    "prov_source": {"fr": "Entrées", "en": "Inputs"},
    "prov_method": {"fr": "Méthode, normalisation", "en": "Method, normalisation"},
    "prov_sampling": {"fr": "Échantillonnage", "en": "Sampling"},
    "prov_sampling_value": {
        "fr": "N = {n}, graine = {seed}, {evaluations} évaluations",
        "en": "N = {n}, seed = {seed}, {evaluations} evaluations",
    },
    "prov_versions": {"fr": "Versions", "en": "Versions"},
    "prov_date": {"fr": "Date", "en": "Date"},
    "prov_journal": {
        "fr": "Tête du journal de séance (SHA-256)",
        "en": "Meeting journal head (SHA-256)",
    },
    "prov_command": {"fr": "Pour refaire cette note :", "en": "To remake this memo:"},
    "s_annex": {
        "fr": "Annexe{letter} : tableaux intermédiaires de la méthode",
        "en": "Annex{letter}: the method's intermediate tables",
    },
    "annex_text": {
        "fr": "Étapes du calcul {label} telles que pymcdm les donne (mode détaillé), pour "
        "vérification par l'équipe technique.",
        "en": "Steps of the {label} computation as pymcdm gives them (verbose mode), for the "
        "technical team to check.",
    },
    "page": {"fr": "Page", "en": "Page"},
    "of": {"fr": "sur", "en": "of"},
    "chart_alt": {"fr": "Graphique", "en": "Chart"},
}


_MONTHS_FR = (
    *("janvier", "février", "mars", "avril", "mai", "juin"),
    *("juillet", "août", "septembre", "octobre", "novembre", "décembre"),
)
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def t(key: str, lang: str, **values: object) -> str:
    """The wording ``key`` in ``lang`` with ``values`` filled in."""
    text = _TEXT[key][lang]
    return text.format(**values) if values else text


def format_date(moment: datetime, lang: str) -> str:
    """``12 mars 2026`` or ``12 March 2026``."""
    if lang == "fr":
        day = "1er" if moment.day == 1 else str(moment.day)
        return f"{day} {_MONTHS_FR[moment.month - 1]} {moment.year}"
    return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year}"


_SUB = str.maketrans("0123456789ij+-", "₀₁₂₃₄₅₆₇₈₉ᵢⱼ₊₋")
_SUP = str.maketrans("0123456789+-*", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻*")
_GREEK = {"\\pi": "π", "\\phi": "φ"}


def plain_math(text: str) -> str:
    """pymcdm's LaTeX captions (``$v^{+}_{j}$``) as plain text with Unicode (``v⁺ⱼ``)."""
    import re

    out = text.replace("$", "")
    for command, letter in _GREEK.items():
        out = out.replace(command, letter)

    def script(match: re.Match[str], table: dict[int, int], mark: str) -> str:
        body = match.group(1) or match.group(2)
        converted = body.translate(table)
        # Letters without a Unicode sub/superscript stay readable as _x or ^x.
        if any(ch.isalpha() and ch not in "ij" for ch in body) and mark == "_":
            return f"_{body}"
        return converted

    out = re.sub(r"\^(?:\{([^}]*)\}|([+\-*0-9]))", lambda m: script(m, _SUP, "^"), out)
    out = re.sub(r"_(?:\{([^}]*)\}|([0-9ij+\-]))", lambda m: script(m, _SUB, "_"), out)
    return out.replace("{", "").replace("}", "")
