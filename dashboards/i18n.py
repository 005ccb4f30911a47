"""Words of the dashboard in French (first) and English, and numbers written the French way.

Only presentation lives here: labels, sentences with blanks, number formatting. Every figure the
sentences carry comes from ``decision``.
"""

from __future__ import annotations

from copilote.decision.numbers import format_number, format_share, format_value

LANGS = ("fr", "en")

#: key -> (French, English). French is what a committee reads first; keep it plain.
TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Copilote — aide à la décision", "Copilote — decision support"),
    "app_subtitle": ("Comité de pilotage", "Steering committee"),
    "lang_switch": ("Langue", "Language"),
    "tab_committee": ("Comité", "Committee"),
    "tab_analyst": ("Analyste", "Analyst"),
    "tab_group": ("Séance de groupe", "Group session"),
    "scenarios": ("Les scénarios", "The scenarios"),
    "weights": ("Ce qui compte pour le comité", "What matters to the committee"),
    "weights_help": (
        "Déplacez les curseurs : les autres se réajustent pour que le total fasse 100 %.",
        "Move the sliders: the others adjust so that the total stays 100 %.",
    ),
    "stable_between": (
        "« {first} » reste en tête entre {lo} et {hi}",
        "“{first}” stays first between {lo} and {hi}",
    ),
    "stable_always": (
        "« {first} » reste en tête quel que soit ce poids",
        "“{first}” stays first whatever this weight",
    ),
    "ranking": ("Classement", "Ranking"),
    "ranking_caption": (
        "Score de chaque scénario avec les poids choisis (méthode {method}) : plus la barre va "
        "vers la droite, mieux c'est.",
        "Score of each scenario under the chosen weights ({method}): the further right the bar "
        "reaches, the better.",
    ),
    "ranking_caption_lower": (
        "Score de chaque scénario (méthode {method}) : plus la barre est courte, mieux c'est.",
        "Score of each scenario ({method}): the shorter the bar, the better.",
    ),
    "rank_n": ("{rank}ᵉ", "#{rank}"),
    "rank_1": ("1ᵉʳ", "#1"),
    "robustness": ("Solidité du classement", "How solid is the ranking"),
    "robust_share": (
        "en tête dans {share} des cas plausibles",
        "first in {share} of plausible cases",
    ),
    "robust_pending": ("calcul en cours…", "computing…"),
    "recomputing": ("recalcul…", "recomputing…"),
    "slow_failed": (
        "Solidité non calculée pour ce choix : certains cas plausibles ne se classent pas "
        "avec cette méthode.",
        "Robustness not computed for this choice: some plausible cases cannot be ranked with "
        "this method.",
    ),
    "ranking_failed": (
        "Ce choix ne permet pas de classer les scénarios : revenez aux poids convenus ou "
        "choisissez une autre méthode en mode analyste.",
        "This choice cannot rank the scenarios: go back to the agreed weights or choose another "
        "method in analyst mode.",
    ),
    "guided_title": ("Trouver les poids par questions", "Find the weights from questions"),
    "guided_most": (
        "Passer du pire au meilleur scénario : sur quel critère ce passage compte-t-il le plus "
        "pour le comité ?",
        "Going from the worst scenario to the best: on which criterion does that step matter "
        "most to the committee?",
    ),
    "guided_pick": ("— choisir —", "— choose —"),
    "guided_other": (
        "Par rapport à « {most} », passer du pire au meilleur sur « {other} » compte…",
        "Compared with “{most}”, going from worst to best on “{other}” matters…",
    ),
    "answer_same": ("autant", "as much"),
    "answer_bit_less": ("un peu moins", "a little less"),
    "answer_half": ("moitié moins", "half as much"),
    "answer_much_less": ("bien moins", "much less"),
    "answer_hardly": ("presque pas", "hardly"),
    "guided_proposal": ("Poids proposés : {weights}", "Proposed weights: {weights}"),
    "guided_apply": ("Partir de ces poids", "Start from these weights"),
    "guided_recorded": (
        "Poids retenus comme point de départ et notés au journal de séance ({entry}) ; les "
        "curseurs restent ajustables.",
        "Weights taken as the starting point and recorded in the meeting journal ({entry}); the "
        "sliders can still be adjusted.",
    ),
    "reset_weights": ("Revenir aux poids convenus", "Back to the agreed weights"),
    "undo": ("Annuler", "Undo"),
    "weights_total": ("Total : {total}", "Total: {total}"),
    "scenario_details": ("Les scénarios en détail", "The scenarios in detail"),
    "method_note_title": ("Méthode", "Method"),
    "method_note": (
        "Classement calculé par la méthode {method} avec les poids affichés. « Cas "
        "plausibles » : {evaluations} combinaisons des poids (chacun entre ×{lo} et ×{hi} de "
        "sa valeur) et des données incertaines dans leurs fourchettes (plan de Sobol, "
        "N = {n}, graine {seed}) ; la note de décision donne les mêmes pourcentages.",
        "Ranking computed by the {method} method with the weights shown. “Plausible cases”: "
        "{evaluations} combinations of the weights (each between ×{lo} and ×{hi} of its "
        "value) and of the uncertain data within their ranges (Sobol design, N = {n}, "
        "seed {seed}); the decision memo gives the same percentages.",
    ),
    "ranking_plain": (
        "Du premier au dernier avec les poids affichés ; la barre montre l'avance de chaque "
        "scénario.",
        "From first to last under the weights shown; the bar shows each scenario's lead.",
    ),
    "robust_note": (
        "Cas plausibles : {n} tirages des poids (×{lo}–×{hi}) et des données incertaines dans "
        "leurs fourchettes, graine {seed}.",
        "Plausible cases: {n} draws of the weights (×{lo}–×{hi}) and of the uncertain data "
        "within their ranges, seed {seed}.",
    ),
    "why": ("Pourquoi un scénario devance l'autre", "Why one scenario is ahead of the other"),
    "why_ahead": ("devant", "ahead of"),
    "why_caption": (
        "Ce que chaque critère apporte à l'écart de score entre les deux scénarios, avec les "
        "poids et la méthode choisis (les barres s'additionnent pour donner l'écart) : à "
        "droite en faveur de « {a} », à gauche en faveur de « {b} ».",
        "What each criterion adds to the score gap between the two scenarios, under the chosen "
        "weights and method (the bars add up to the gap): to the right in favour of “{a}”, to "
        "the left in favour of “{b}”.",
    ),
    "why_sentence": (
        "« {a} » devance « {b} » surtout grâce à : {reasons}.{despite}",
        "“{a}” is ahead of “{b}” mainly thanks to: {reasons}.{despite}",
    ),
    "why_despite": (
        " « {b} » fait mieux sur : {reasons}.",
        " “{b}” does better on: {reasons}.",
    ),
    "why_same": ("« {a} » et « {b} » sont à égalité.", "“{a}” and “{b}” are level."),
    "export_memo": ("Exporter la note de décision", "Export the decision memo"),
    "memo_running": ("Note en préparation…", "Preparing the memo…"),
    "memo_missing": (
        "La note de décision n'est pas encore disponible.",
        "The decision memo is not available yet.",
    ),
    # analyst mode
    "an_weights": ("Pondération", "Weighting"),
    "an_data": ("Méthode et données", "Method and data"),
    "an_sensitivity": ("Sensibilité", "Sensitivity"),
    "an_compare": ("Comparaison des méthodes", "Method comparison"),
    "weighting_method": ("Méthode de pondération", "Weighting method"),
    "w_direct": ("Directe", "Direct"),
    "w_swing": ("Swing", "Swing"),
    "w_ahp": ("AHP (comparaisons par paires)", "AHP (pairwise comparisons)"),
    "w_objective": ("Objective (données)", "Objective (from data)"),
    "apply": ("Appliquer ces poids", "Apply these weights"),
    "criterion_weights": ("Poids des critères", "Criterion weights"),
    "indicator_weights": (
        "Poids des indicateurs à l'intérieur de leur critère",
        "Indicator weights within their criterion",
    ),
    "global_weights": ("Poids effectifs des indicateurs", "Effective indicator weights"),
    "swing_help": (
        "Donnez 100 points au passage du pire au meilleur niveau qui compte le plus, puis "
        "notez les autres par rapport à lui.",
        "Give 100 points to the worst-to-best swing that matters most, then score the others "
        "against it.",
    ),
    "ahp_help": (
        "Pour chaque paire, lequel compte le plus, et de combien ? (= : autant ; ◀ 9 : le "
        "critère de gauche extrêmement plus ; 9 ▶ : celui de droite extrêmement plus)",
        "For each pair, which matters more, and by how much? (=: equally; ◀ 9: the left "
        "criterion extremely more; 9 ▶: the right one extremely more)",
    ),
    "ahp_cr": ("Ratio de cohérence : {cr}", "Consistency ratio: {cr}"),
    "ahp_cr_bad": (
        "Ratio de cohérence : {cr} (au-dessus de 0,1 : comparaisons peu cohérentes)",
        "Consistency ratio: {cr} (above 0.1: comparisons not consistent)",
    ),
    "objective_method": ("Méthode objective", "Objective method"),
    "method": ("Méthode multicritère", "MCDA method"),
    "normalization": ("Normalisation", "Normalisation"),
    "norm_default": ("par défaut de la méthode", "method's default"),
    "performance": ("Matrice de performance", "Performance matrix"),
    "parameters": ("Paramètres incertains", "Uncertain parameters"),
    "col_indicator": ("Indicateur", "Indicator"),
    "col_unit": ("Unité", "Unit"),
    "col_direction": ("Sens", "Direction"),
    "col_criterion": ("Critère", "Criterion"),
    "col_parameter": ("Paramètre", "Parameter"),
    "col_nominal": ("Valeur retenue", "Nominal"),
    "col_low": ("Basse", "Low"),
    "col_high": ("Haute", "High"),
    "col_source": ("Source", "Source"),
    "col_status": ("Statut", "Status"),
    "col_scenario": ("Scénario", "Scenario"),
    "col_rank": ("Rang", "Rank"),
    "col_score": ("Score", "Score"),
    "col_weight": ("Poids", "Weight"),
    "dir_max": ("à maximiser", "maximise"),
    "dir_min": ("à minimiser", "minimise"),
    "status_verified": ("vérifié", "verified"),
    "status_derived": ("dérivé", "derived"),
    "status_assumption": ("hypothèse", "assumption"),
    "study_n": ("Taille d'échantillon N", "Sample size N"),
    "study_seed": ("Graine", "Seed"),
    "study_over": ("Faire varier", "Vary"),
    "over_weights": ("les poids", "the weights"),
    "over_parameters": ("les données incertaines", "the uncertain data"),
    "over_method": ("la méthode", "the method"),
    "study_run": ("Lancer l'étude de sensibilité", "Run the sensitivity study"),
    "study_running": ("Étude en cours…", "Study running…"),
    "study_done": (
        "Étude terminée : {evaluations} évaluations, N = {n}, graine {seed}.",
        "Study done: {evaluations} evaluations, N = {n}, seed {seed}.",
    ),
    "study_idle": (
        "L'étude fait varier poids et données ensemble (méthode de Sobol) et mesure ce qui "
        "fait bouger le classement.",
        "The study varies weights and data together (Sobol's method) and measures what moves "
        "the ranking.",
    ),
    "seed_invalid": (
        "La graine doit être un nombre entier positif ou nul (0, 1, 2…) : « {value} » n'est "
        "pas retenu, la graine reste {seed}.",
        "The seed must be a whole number, 0 or more: “{value}” is not taken, the seed stays "
        "{seed}.",
    ),
    "study_no_factor": (
        "Choisissez au moins un facteur à faire varier.",
        "Choose at least one factor to vary.",
    ),
    "output_gap": ("Avance du 1er sur le 2e", "Lead of the first over the second"),
    "study_failed": ("L'étude a échoué : {error}", "The study failed: {error}"),
    "sobol_title": (
        "Ce qui fait varier le rang de « {scenario} » (indices de Sobol)",
        "What moves the rank of “{scenario}” (Sobol indices)",
    ),
    "sobol_output": ("Sortie analysée", "Output analysed"),
    "sobol_s1": ("premier ordre S1", "first order S1"),
    "sobol_st": ("total ST", "total ST"),
    "sobol_hidden": (
        "Les {count} autres facteurs, moins influents, ne sont pas dessinés. Barres : "
        "estimation ; traits : intervalle de confiance à 95 %.",
        "The {count} other, less influential factors are not drawn. Bars: estimate; "
        "whiskers: 95 % confidence interval.",
    ),
    "acceptability_title": (
        "Part des cas où chaque scénario prend chaque rang",
        "Share of cases in which each scenario takes each rank",
    ),
    "tipping_title": ("Points de bascule", "Tipping points"),
    "tipping_none": (
        "Aucun point de bascule dans les fourchettes des paramètres.",
        "No tipping point within the parameters' ranges.",
    ),
    "col_tipping_value": ("Valeur de bascule", "Tipping value"),
    "col_from": ("Premier avant", "First before"),
    "col_to": ("Premier après", "First after"),
    "verdict": ("Verdict", "Verdict"),
    "compare_title": (
        "Le classement selon chaque méthode",
        "The ranking under every method",
    ),
    "compare_agreement": (
        "Accord avec {method}",
        "Agreement with {method}",
    ),
    "compare_help": (
        "Rang de chaque scénario selon chaque méthode, avec les poids choisis. Accord : "
        "coefficient de Spearman pondéré (pymcdm) avec la méthode choisie ; 1 = même "
        "classement, les premières places comptant le plus.",
        "Rank of each scenario under every method, with the chosen weights. Agreement: weighted "
        "Spearman coefficient (pymcdm) with the chosen method; 1 = same ranking, top places "
        "counting most.",
    ),
    "compare_not_applicable": (
        "* Normalisation par défaut impossible sur ces données ; classement calculé avec la "
        "normalisation min-max :",
        "* Default normalisation impossible on these data; ranked with min-max normalisation "
        "instead:",
    ),
    "memo_failed": (
        "La note de décision n'a pas pu être produite :",
        "The decision memo could not be made:",
    ),
    "unavailable": (
        "Cette partie n'est pas encore disponible : {what}.",
        "This part is not available yet: {what}.",
    ),
    "stability_title": (
        "Intervalles de stabilité des poids",
        "Weight stability intervals",
    ),
    "col_top_interval": ("Le 1er reste 1er", "First stays first"),
    "col_ranking_interval": ("Classement inchangé", "Ranking unchanged"),
}


#: Normalisation names as people read them (pymcdm's names are code, not words).
NORMALIZATION_LABELS: dict[str, tuple[str, str]] = {
    "minmax": ("min-max", "min-max"),
    "max": ("par le maximum", "by the maximum"),
    "sum": ("par la somme", "by the sum"),
    "vector": ("vectorielle", "vector"),
    "logarithmic": ("logarithmique", "logarithmic"),
    "linear": ("linéaire", "linear"),
    "nonlinear": ("non linéaire", "non-linear"),
    "enhanced_accuracy": ("précision améliorée", "enhanced accuracy"),
    "zavadskas_turskis": ("Zavadskas-Turskis", "Zavadskas-Turskis"),
}

#: Objective weighting methods as people read them.
OBJECTIVE_LABELS: dict[str, tuple[str, str]] = {
    "entropy": ("entropie", "entropy"),
    "critic": ("CRITIC", "CRITIC"),
    "standard_deviation": ("écart type", "standard deviation"),
    "merec": ("MEREC", "MEREC"),
}


def norm_label(name: str, lang: str = "fr") -> str:
    """A normalisation's name in ``lang`` (the code name if it is not known)."""
    fr, en = NORMALIZATION_LABELS.get(name, (name, name))
    return fr if lang == "fr" else en


def tr(key: str, lang: str = "fr", **values: object) -> str:
    """The text ``key`` in ``lang`` with ``{blanks}`` filled from ``values``."""
    fr, en = TEXT[key]
    text = fr if lang == "fr" else en
    return text.format(**values) if values else text


# Numbers are written by the engine's one formatter (screen, memo and command line agree).
fmt_number = format_number
fmt_value = format_value  # units in the page's language (MWh/yr in English)


def fmt_percent(share: float, lang: str = "fr", digits: int | None = None) -> str:
    """``0.83`` -> ``83 %`` (French) or ``83%`` (:func:`copilote.decision.numbers.format_share`)."""
    return format_share(share, lang, digits)
