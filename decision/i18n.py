"""One catalogue of words for the screen, the memo and the command line, French first.

Each language is one flat dict, key -> wording, with ``{blanks}`` filled by :func:`text`. FR and
EN hold the same keys in the same order, so that a new string is two lines, one per dict, and
merges stay easy. Keys the screen and the memo both use have one wording: the committee's plain
words (``à réduire`` rather than ``à minimiser``). ``norm_<name>`` and ``objective_<name>`` name
pymcdm's normalisations and the objective weighting methods as people read them.

Numbers are not written here: :mod:`copilote.decision.numbers` writes every figure.
"""

from __future__ import annotations

LANGS = ("fr", "en")

#: key -> wording in français. What a committee reads first: keep it plain.
FR: dict[str, str] = {
    # shared by screen and memo
    "rank_n": "{rank}ᵉ",
    "rank_1": "1ᵉʳ",
    "col_indicator": "Indicateur",
    "col_unit": "Unité",
    "col_direction": "Sens",
    "col_criterion": "Critère",
    "col_parameter": "Donnée",
    "col_nominal": "Valeur retenue",
    "col_source": "Source",
    "col_status": "Statut",
    "col_scenario": "Scénario",
    "col_rank": "Rang",
    "col_score": "Score",
    "col_weight": "Poids",
    "dir_max": "à augmenter",
    "dir_min": "à réduire",
    "status_verified": "vérifiée",
    "status_derived": "dérivée",
    "status_assumption": "hypothèse",
    "tipping_none": (
        "Aucune donnée incertaine ne fait basculer la tête du classement dans sa plage."
    ),
    "col_tipping_value": "Bascule à",
    # screen
    "app_title": "Copilote — aide à la décision",
    "app_subtitle": "Comité de pilotage",
    "lang_switch": "Langue",
    "tab_committee": "Comité",
    "tab_analyst": "Analyste",
    "tab_group": "Séance de groupe",
    "scenarios": "Les scénarios",
    "weights": "Ce qui compte pour le comité",
    "weights_help": (
        "Déplacez les curseurs : les autres se réajustent pour que le total fasse 100 %."
    ),
    "stable_between": "« {first} » reste en tête entre {lo} et {hi}",
    "stable_always": "« {first} » reste en tête quel que soit ce poids",
    "ranking": "Classement",
    "ranking_caption": (
        "Score de chaque scénario avec les poids choisis (méthode {method}) : plus la barre va "
        "vers la droite, mieux c'est."
    ),
    "ranking_caption_lower": (
        "Score de chaque scénario (méthode {method}) : plus la barre est courte, mieux c'est."
    ),
    "robustness": "Solidité du classement",
    "robust_share": "en tête dans {share} des cas plausibles",
    "robust_pending": "calcul en cours…",
    "recomputing": "recalcul…",
    "slow_failed": (
        "Solidité non calculée pour ce choix : certains cas plausibles ne se classent pas avec "
        "cette méthode."
    ),
    "ranking_failed": (
        "Ce choix ne permet pas de classer les scénarios : revenez aux poids convenus ou "
        "choisissez une autre méthode en mode analyste."
    ),
    "guided_title": "Trouver les poids par questions",
    "guided_most": (
        "Passer du pire au meilleur scénario : sur quel critère ce passage compte-t-il le plus "
        "pour le comité ?"
    ),
    "guided_pick": "— choisir —",
    "guided_other": "Par rapport à « {most} », passer du pire au meilleur sur « {other} » compte…",
    "answer_same": "autant",
    "answer_bit_less": "un peu moins",
    "answer_half": "moitié moins",
    "answer_much_less": "bien moins",
    "answer_hardly": "presque pas",
    "guided_proposal": "Poids proposés : {weights}",
    "guided_apply": "Partir de ces poids",
    "guided_recorded": (
        "Poids retenus comme point de départ et notés au journal de séance ({entry}) ; les "
        "curseurs restent ajustables."
    ),
    "reset_weights": "Revenir aux poids convenus",
    "undo": "Annuler",
    "weights_total": "Total : {total}",
    "scenario_details": "Les scénarios en détail",
    "method_note_title": "Méthode",
    "method_note": (
        "Classement calculé par la méthode {method} avec les poids affichés. « Cas plausibles » : "
        "{evaluations} combinaisons des poids (chacun entre ×{lo} et ×{hi} de sa valeur) et des "
        "données incertaines dans leurs fourchettes (plan de Sobol, N = {n}, graine {seed}) ; la "
        "note de décision donne les mêmes pourcentages."
    ),
    "ranking_plain": (
        "Du premier au dernier avec les poids affichés ; la barre montre l'avance de chaque "
        "scénario."
    ),
    "robust_note": (
        "Cas plausibles : {n} tirages des poids (×{lo}–×{hi}) et des données incertaines dans "
        "leurs fourchettes, graine {seed}."
    ),
    "why": "Pourquoi un scénario devance l'autre",
    "why_ahead": "devant",
    "why_caption": (
        "Ce que chaque critère apporte à l'écart de score entre les deux scénarios, avec les poids"
        " et la méthode choisis (les barres s'additionnent pour donner l'écart) : à droite en "
        "faveur de « {a} », à gauche en faveur de « {b} »."
    ),
    "why_sentence": "« {a} » devance « {b} » surtout grâce à : {reasons}.{despite}",
    "why_despite": " « {b} » fait mieux sur : {reasons}.",
    "why_same": "« {a} » et « {b} » sont à égalité.",
    "export_memo": "Exporter la note de décision",
    "memo_running": "Note en préparation…",
    "memo_missing": "La note de décision n'est pas encore disponible.",
    "an_weights": "Pondération",
    "an_data": "Méthode et données",
    "an_sensitivity": "Sensibilité",
    "an_compare": "Comparaison des méthodes",
    "weighting_method": "Méthode de pondération",
    "w_direct": "Directe",
    "w_swing": "Swing",
    "w_ahp": "AHP (comparaisons par paires)",
    "w_objective": "Objective (données)",
    "apply": "Appliquer ces poids",
    "criterion_weights": "Poids des critères",
    "indicator_weights": "Poids des indicateurs à l'intérieur de leur critère",
    "global_weights": "Poids effectifs des indicateurs",
    "swing_help": (
        "Donnez 100 points au passage du pire au meilleur niveau qui compte le plus, puis notez "
        "les autres par rapport à lui."
    ),
    "ahp_help": (
        "Pour chaque paire, lequel compte le plus, et de combien ? (= : autant ; ◀ 9 : le critère "
        "de gauche extrêmement plus ; 9 ▶ : celui de droite extrêmement plus)"
    ),
    "ahp_cr": "Ratio de cohérence : {cr}",
    "ahp_cr_bad": "Ratio de cohérence : {cr} (au-dessus de 0,1 : comparaisons peu cohérentes)",
    "objective_method": "Méthode objective",
    "method": "Méthode multicritère",
    "normalization": "Normalisation",
    "norm_default": "par défaut de la méthode",
    "performance": "Matrice de performance",
    "parameters": "Paramètres incertains",
    "col_low": "Basse",
    "col_high": "Haute",
    "study_n": "Taille d'échantillon N",
    "study_seed": "Graine",
    "study_over": "Faire varier",
    "over_weights": "les poids",
    "over_parameters": "les données incertaines",
    "over_method": "la méthode",
    "study_run": "Lancer l'étude de sensibilité",
    "study_running": "Étude en cours…",
    "study_done": "Étude terminée : {evaluations} évaluations, N = {n}, graine {seed}.",
    "study_idle": (
        "L'étude fait varier poids et données ensemble (méthode de Sobol) et mesure ce qui fait "
        "bouger le classement."
    ),
    "seed_invalid": (
        "La graine doit être un nombre entier positif ou nul (0, 1, 2…) : « {value} » n'est pas "
        "retenu, la graine reste {seed}."
    ),
    "study_no_factor": "Choisissez au moins un facteur à faire varier.",
    "output_gap": "Avance du 1er sur le 2e",
    "study_failed": "L'étude a échoué : {error}",
    "sobol_title": "Ce qui fait varier le rang de « {scenario} » (indices de Sobol)",
    "sobol_output": "Sortie analysée",
    "sobol_s1": "premier ordre S1",
    "sobol_st": "total ST",
    "sobol_hidden": (
        "Les {count} autres facteurs, moins influents, ne sont pas dessinés. Barres : estimation ;"
        " traits : intervalle de confiance à 95 %."
    ),
    "acceptability_title": "Part des cas où chaque scénario prend chaque rang",
    "tipping_title": "Points de bascule",
    "col_from": "Premier avant",
    "col_to": "Premier après",
    "verdict": "Verdict",
    "compare_title": "Le classement selon chaque méthode",
    "compare_agreement": "Accord avec {method}",
    "compare_help": (
        "Rang de chaque scénario selon chaque méthode, avec les poids choisis. Accord : "
        "coefficient de Spearman pondéré (pymcdm) avec la méthode choisie ; 1 = même classement, "
        "les premières places comptant le plus."
    ),
    "compare_not_applicable": (
        "* Normalisation par défaut impossible sur ces données ; classement calculé avec la "
        "normalisation min-max :"
    ),
    "memo_failed": "La note de décision n'a pas pu être produite :",
    "unavailable": "Cette partie n'est pas encore disponible : {what}.",
    "stability_title": "Intervalles de stabilité des poids",
    "col_top_interval": "Le 1er reste 1er",
    "col_ranking_interval": "Classement inchangé",
    # memo
    "doc_title": "Note de décision",
    "committee": "Comité de pilotage",
    "table_title": "Tableau « {name} »",
    "summary": "En bref",
    "summary_first": (
        "Avec la pondération retenue et la méthode {method}, le scénario arrivé en tête est « "
        "{first} »."
    ),
    "summary_share": (
        "Il reste premier dans {share} des {evaluations} cas plausibles examinés (pondérations et "
        "données incertaines tirées au hasard)."
    ),
    "summary_weights": "Pondération ({owner}) : {weights}.",
    "summary_share_table": (
        "Il reste premier dans {share} des {evaluations} pondérations plausibles examinées (chaque"
        " poids tiré au hasard autour de sa valeur)."
    ),
    "s_context": "Objet et contexte",
    "context_case": (
        "Cette note rend compte de la comparaison multicritère des scénarios du cas « {title} », "
        "faite avec Copilote pour le comité de pilotage. Elle dit ce qui a été comparé, avec "
        "quelle pondération et quelle méthode, quel scénario arrive en tête, si ce résultat est "
        "robuste et sur quelles données il repose."
    ),
    "context_table": (
        "Cette note rend compte de la comparaison multicritère des options du tableau « {name} », "
        "faite avec Copilote pour le comité de pilotage. Elle dit ce qui a été comparé, avec "
        "quelle pondération et quelle méthode, quelle option arrive en tête, si ce résultat est "
        "robuste et sur quelles données il repose."
    ),
    "context_reproduce": (
        "Le bloc « Traçabilité » en fin de note permet de refaire chaque calcul à l'identique."
    ),
    "s_scenarios": "Scénarios comparés",
    "col_description": "Description",
    "s_criteria": "Critères, indicateurs et pondération",
    "weights_owner": "Pondération : {owner}.",
    "weights_profile": "profil « {profile} »",
    "weights_typed": "pondération saisie",
    "weights_default": "pondération par défaut : critères à poids égaux",
    "s_method": "Méthode",
    "method_text": (
        "Méthode d'analyse multicritère : {label} ({reference}), calculée avec pymcdm. "
        "Normalisation : {normalization}."
    ),
    "norm_none": "aucune (propre à la méthode)",
    "method_lower": "Pour cette méthode, le score le plus bas est le meilleur.",
    "method_higher": "Pour cette méthode, le score le plus élevé est le meilleur.",
    "s_ranking": "Classement",
    "col_share_first": "Premier dans",
    "chart_ranking": "Score de chaque scénario ({method})",
    "chart_share_axis": "% des cas plausibles",
    "s_performance": "Performances des scénarios",
    "performance_text": (
        "Valeurs nominales des indicateurs, dans leurs unités ; ↓ : une valeur plus faible est "
        "meilleure, ↑ : une valeur plus forte est meilleure. La meilleure valeur de chaque ligne "
        "est en gras."
    ),
    "s_robustness": "Robustesse du classement",
    "robust_intro": (
        "Le classement a été recalculé pour {evaluations} cas plausibles : chaque poids tiré entre"
        " {wlow} et {whigh} fois sa valeur{params}, graine {seed}."
    ),
    "robust_params": ", chaque donnée incertaine tirée dans sa plage",
    "robust_verdict": "Verdict",
    "s_acceptability": "Fréquence de chaque rang",
    "acceptability_text": "Part des cas plausibles où chaque scénario occupe chaque rang.",
    "s_drivers": "Ce qui peut changer l'ordre",
    "drivers_text": (
        "Indices de Sobol totaux (ST) de l'écart de score entre les deux premiers scénarios : la "
        "part de sa variance due à chaque facteur, interactions comprises. Plus l'indice est "
        "grand, plus ce facteur pèse sur l'issue."
    ),
    "col_factor": "Facteur",
    "col_st": "Indice total ST",
    "col_s1": "Indice de 1ᵉʳ ordre S1",
    "factor_weight": "poids « {label} »",
    "factor_method": "choix de la méthode",
    "s_stability": "Marges de la pondération",
    "stability_text": (
        "Pour chaque poids (les autres ajustés en proportion) : la plage dans laquelle le premier "
        "reste premier, et celle dans laquelle tout le classement reste le même."
    ),
    "col_current": "Poids retenu",
    "col_top_range": "Le premier reste premier",
    "col_rank_range": "Classement inchangé",
    "s_tipping": "Points de bascule",
    "s_red_lines": "Lignes rouges",
    "red_lines_text": (
        "Une ligne rouge est une limite qu'aucun poids ne rachète. Un scénario qui en franchit une"
        " garde son score mais est classé après tous les autres. La probabilité est la part des "
        "{evaluations} cas plausibles de l'étude où il en franchit au moins une."
    ),
    "summary_red_lines": "Au-delà d'une ligne rouge, donc classé après les autres : {names}.",
    "col_red_line": "Ligne rouge",
    "col_set_by": "Fixée par",
    "col_source_reason": "Source ou raison",
    "col_crossed": "Aux valeurs nominales",
    "col_p_violation": "Probabilité de franchir",
    "within_lines": "en deçà de toutes",
    "tipping_text": (
        "Valeur d'une donnée incertaine (les autres à leur valeur nominale) à partir de laquelle "
        "un autre scénario passe en tête."
    ),
    "tipping_none_table": "Sans objet pour un tableau : ses valeurs ne sont pas incertaines.",
    "col_from_to": "De → vers",
    "s_assumptions": "Hypothèses et sources des données",
    "assumptions_count": (
        "{total} données, dont {uncertain} incertaines (avec une fourchette) : {verified} "
        "vérifiées (source publiée), {derived} dérivées (calculées à partir de sources), "
        "{assumption} hypothèses (à confirmer)."
    ),
    "assumptions_listed": (
        "Les hypothèses sont listées ci-dessous ; toutes les données, avec leur source et leur "
        "statut, sont en annexe A."
    ),
    "s_sources_annex": "Annexe A : données et sources",
    "assumptions_table": (
        "Les valeurs viennent du tableau {path}, fourni tel quel : leurs sources ne sont pas "
        "documentées dans Copilote et restent de la responsabilité de qui l'a fourni."
    ),
    "col_range": "Plage",
    "s_provenance": "Traçabilité",
    "prov_text": (
        "L'empreinte SHA-256 identifie les entrées du calcul (scénarios, données, poids, méthode, "
        "normalisation, graine, N) lues et mises sous forme canonique : elle ne change pas si un "
        "fichier est seulement remis en forme, et change si une valeur change."
    ),
    "prov_digest": "Empreinte des entrées (SHA-256)",
    "prov_source": "Entrées",
    "prov_method": "Méthode, normalisation",
    "prov_sampling": "Échantillonnage",
    "prov_sampling_value": "N = {n}, graine = {seed}, {evaluations} évaluations",
    "prov_versions": "Versions",
    "prov_date": "Date",
    "prov_journal": "Tête du journal de séance (SHA-256)",
    "prov_command": "Pour refaire cette note :",
    "s_annex": "Annexe{letter} : tableaux intermédiaires de la méthode",
    "annex_text": (
        "Étapes du calcul {label} telles que pymcdm les donne (mode détaillé), pour vérification "
        "par l'équipe technique."
    ),
    "page": "Page",
    "of": "sur",
    "chart_alt": "Graphique",
    # normalisation names as people read them (pymcdm's names are code, not words)
    "norm_minmax": "min-max",
    "norm_max": "par le maximum",
    "norm_sum": "par la somme",
    "norm_vector": "vectorielle",
    "norm_logarithmic": "logarithmique",
    "norm_linear": "linéaire",
    "norm_nonlinear": "non linéaire",
    "norm_enhanced_accuracy": "précision améliorée",
    "norm_zavadskas_turskis": "Zavadskas-Turskis",
    # objective weighting methods
    "objective_entropy": "entropie",
    "objective_critic": "CRITIC",
    "objective_standard_deviation": "écart type",
    "objective_merec": "MEREC",
    # command line (decision rank, decision sensitivity)
    "cli_method": "Méthode :",
    "cli_normalization": "normalisation",
    "cli_profile": "Profil :",
    "cli_weights": "Poids :",
    "cli_lower_better": "plus bas = meilleur",
    "cli_higher_better": "plus haut = meilleur",
    "cli_rank_shares": "Part des cas à chaque rang",
    "cli_drivers": "Ce qui fait bouger le rang de « {first} » (indice total de Sobol, ± IC 95 %)",
    "cli_drivers_none": "rien : son rang ne change dans aucun tirage",
    "cli_stability": "Intervalles de stabilité des poids (les autres gardent leurs proportions)",
    "cli_stays_first": "premier",
    "cli_same_ranking": "classement",
    "cli_tipping": "Points de bascule (un paramètre à la fois)",
    "cli_tipping_none": "aucun dans sa plage : {count} paramètre(s)",
    "cli_study": (
        "méthode {method}, N = {n}, {evaluations} évaluations, graine {seed}, facteurs : "
        "{count} ({over})"
    ),
    "cli_beyond_red_line": "— au-delà d'une ligne rouge : classés après tous les autres —",
    "cli_red_lines": "Lignes rouges :",
    "cli_red_line_share": "Probabilité de franchir une ligne rouge ({lines})",
    "cli_red_line_drivers": "{line}, {name} : ce qui en décide (ST) {drivers}",
    # decision evaluate
    "cli_eval_scenario": "scénario",
    "cli_eval_indicators": "Indicateurs :",
    "cli_eval_lower_better": "plus bas mieux",
    "cli_eval_higher_better": "plus haut mieux",
    "cli_eval_scenarios": "Scénarios :",
    "cli_eval_nominal": "Valeurs nominales des paramètres (decision parameters).",
    # decision parameters
    "cli_param_name": "donnée",
    "cli_param_nominal": "nominal",
    "cli_param_range": "plage",
    "cli_param_unit": "unité",
    "cli_param_status": "statut",
    "cli_param_fixed": "fixe",
    "cli_param_source": "{label}. Source : {source}",
    "cli_param_formula": "Formule : {formula}",
    "cli_param_count": "{count} données, dont {uncertain} incertaines.",
    # the committee's red-lines card and the analyst's red-lines tab
    "rl_title": "Hors course : au-delà d'une ligne rouge",
    "rl_none": "Aucun scénario ne franchit de ligne rouge.",
    "rl_help": (
        "Ces scénarios sont classés après tous les autres, quels que soient les poids : aucun "
        "poids ne rachète une ligne rouge."
    ),
    "rl_set_title": "Lignes rouges",
    "rl_set_help": (
        "Une limite qu'aucun poids ne rachète : INDICATEUR<=VALEUR ou >=, la valeur dans "
        "l'unité de l'indicateur (land_take<=5 ha) ou un scénario (nox<=reference)."
    ),
    "rl_line": "Nouvelle ligne rouge",
    "rl_who": "Fixée par",
    "rl_add": "Ajouter",
    "rl_remove": "Retirer",
    # a scenario beyond a red line, in one sentence (decision.analysis.red_lines)
    "rl_who_default": "l'utilisateur (ligne de commande)",
    "rl_at_most": "au plus {bound}",
    "rl_at_least": "au moins {bound}",
    "rl_land_taken": "prend {value} de terres nouvelles",
    "rl_indicator_value": "{indicator} : {value}",
    "rl_beyond": "{what} : au-delà de la ligne rouge ({limit}) fixée par {who}",
    # the group session
    "grp_title": "Séance de groupe",
    "grp_you_are": "Connecté·e : {who} ({role})",
    "grp_member": "membre",
    "grp_facilitator": "animateur·rice",
    "grp_your_name": "Votre nom",
    "grp_role": "Rôle",
    "grp_session": "Séance",
    "grp_no_session": "Aucune séance ouverte",
    "grp_new_title": "Titre d'une nouvelle séance",
    "grp_open": "Ouvrir une séance",
    "grp_your_weights": "Vos poids",
    "grp_weights_help": (
        "Donnez à chaque critère l'importance qu'il a pour vous (0 à 100) ; seules les "
        "proportions comptent. En moyenne géométrique, un 0 écarte le critère pour tout le "
        "groupe."
    ),
    "grp_comment": "Commentaire (facultatif)",
    "grp_comments": "Ce que les membres ont écrit",
    "grp_submit": "Soumettre mes poids",
    "grp_submitted": "Poids enregistrés ({what}).",
    "grp_waiting": "Aucun membre n'a encore soumis ses poids.",
    "grp_group_weights": "Poids de chacun et du groupe",
    "grp_group": "Groupe",
    "grp_aggregation": "Agrégation",
    "grp_mean": "moyenne",
    "grp_geometric": "moyenne géométrique (un 0 écarte le critère)",
    "grp_aggregation_help": (
        "Moyenne : chaque membre compte autant. Moyenne géométrique : un seul membre qui donne "
        "0 à un critère l'écarte pour tout le groupe. Médiane : l'avis du milieu du groupe."
    ),
    "grp_median": "médiane",
    "grp_rankings": "Classement de chacun",
    "grp_agreement": "Accord entre les membres",
    "grp_agreement_help": (
        "Accord des classements (Spearman pondéré rw, 1 = identiques) et des poids (WSC2) ; WS "
        "et WSC comparent chacun au groupe."
    ),
    "grp_mean_rw": "Accord moyen des classements (rw)",
    "grp_mean_wsc": "Similarité moyenne des poids (WSC2)",
    "grp_disagreement": "Où le groupe diverge",
    "grp_acceptability": "Rang de chaque scénario chez les membres",
    "grp_acceptability_help": "Part des membres pour qui le scénario prend ce rang.",
    "grp_rank": "Rang {r}",
    "grp_scenario": "Scénario",
    "grp_criterion": "Critère",
    "grp_range": "Du plus bas au plus haut (trait : groupe)",
    "grp_sign": "Signer la décision",
    "grp_note": "Note de décision (facultatif)",
    "grp_signing": "Rédaction de la note de décision…",
    "grp_signed": "Décision signée : {scenario} — note sha256 {sha}",
    "grp_no_memo": "sans note",
    "grp_download": "Télécharger la note signée",
    "grp_replay": "Rejouer une séance",
    "grp_load": "Charger",
    "grp_step": "Étape",
    "grp_members_count": "{n} membre(s)",
    "grp_kind_session_opened": "séance ouverte",
    "grp_kind_weights_submitted": "poids soumis",
    "grp_kind_scenarios_shown": "scénarios affichés",
    "grp_kind_decision_signed": "décision signée",
    # «Pour les habitants»: the memo's tables and the committee's card
    "res_title": "Pour les habitants",
    "res_scenario": "Scénario",
    "res_heating": "Chauffage",
    "res_heat": "Chaleur utile (MWh/an)",
    "res_bill": "Facture (€ TTC/an)",
    "res_full": "Coût complet (€ TTC/an)",
    "res_co2": "CO2 (kg/an)",
    "res_network": "réseau de chaleur",
    "res_gas_boiler": "chaudière gaz",
    "res_heat_pump": "pompe à chaleur",
    "res_dwelling_caption": (
        "Un logement moyen de la Cité 12/14 rénovée, par an. Facture : énergie et abonnement "
        "TTC (réseau à 5,5 %, gaz et électricité à 20 %). Coût complet : facture, entretien et "
        "équipement amorti, TTC."
    ),
    "res_lens": "Abonnés de Lens",
    "res_cite": "Cité 12/14",
    "res_lievin": "Abonnés de Liévin",
    "res_prices_caption": (
        "Prix moyen de la chaleur de chaque groupe d'usagers (€ HT/MWh). Cité raccordée : la "
        "ville paie la part de l'extension que l'exploitant ne prend pas (règle des 3 kW/m) ; "
        "si l'exploitant finançait tout, le prix de Lens serait {lens_all} € HT/MWh."
    ),
    "res_vs_reference": "face à la référence",
    "res_vs_landlord": "face au plan du bailleur (gaz)",
    "res_tonne_caption": (
        "Coût de la tonne de CO2 évitée (€/t) : surcoût annuel total (factures et "
        "investissements amortis) divisé par le CO2 évité. Négatif : moins cher et moins "
        "émetteur."
    ),
    # Tabulator's own words (its pagination); English is Tabulator's default
    "tabulator_first": "Début",
    "tabulator_first_title": "Première page",
    "tabulator_last": "Fin",
    "tabulator_last_title": "Dernière page",
    "tabulator_prev": "Précédente",
    "tabulator_prev_title": "Page précédente",
    "tabulator_next": "Suivante",
    "tabulator_next_title": "Page suivante",
    "tabulator_all": "Tout",
    # typography: a name quoted in running text, a label before its value
    "quoted": "« {name} »",
    "colon": " : ",
}

#: key -> wording in English. The same keys as FR, in the same order.
EN: dict[str, str] = {
    # shared by screen and memo
    "rank_n": "#{rank}",
    "rank_1": "#1",
    "col_indicator": "Indicator",
    "col_unit": "Unit",
    "col_direction": "Direction",
    "col_criterion": "Criterion",
    "col_parameter": "Figure",
    "col_nominal": "Value used",
    "col_source": "Source",
    "col_status": "Status",
    "col_scenario": "Scenario",
    "col_rank": "Rank",
    "col_score": "Score",
    "col_weight": "Weight",
    "dir_max": "higher is better",
    "dir_min": "lower is better",
    "status_verified": "verified",
    "status_derived": "derived",
    "status_assumption": "assumption",
    "tipping_none": "No uncertain figure changes the leader within its range.",
    "col_tipping_value": "Tips at",
    # screen
    "app_title": "Copilote — decision support",
    "app_subtitle": "Steering committee",
    "lang_switch": "Language",
    "tab_committee": "Committee",
    "tab_analyst": "Analyst",
    "tab_group": "Group session",
    "scenarios": "The scenarios",
    "weights": "What matters to the committee",
    "weights_help": "Move the sliders: the others adjust so that the total stays 100 %.",
    "stable_between": "“{first}” stays first between {lo} and {hi}",
    "stable_always": "“{first}” stays first whatever this weight",
    "ranking": "Ranking",
    "ranking_caption": (
        "Score of each scenario under the chosen weights ({method}): the further right the bar "
        "reaches, the better."
    ),
    "ranking_caption_lower": "Score of each scenario ({method}): the shorter the bar, the better.",
    "robustness": "How solid is the ranking",
    "robust_share": "first in {share} of plausible cases",
    "robust_pending": "computing…",
    "recomputing": "recomputing…",
    "slow_failed": (
        "Robustness not computed for this choice: some plausible cases cannot be ranked with this "
        "method."
    ),
    "ranking_failed": (
        "This choice cannot rank the scenarios: go back to the agreed weights or choose another "
        "method in analyst mode."
    ),
    "guided_title": "Find the weights from questions",
    "guided_most": (
        "Going from the worst scenario to the best: on which criterion does that step matter most "
        "to the committee?"
    ),
    "guided_pick": "— choose —",
    "guided_other": "Compared with “{most}”, going from worst to best on “{other}” matters…",
    "answer_same": "as much",
    "answer_bit_less": "a little less",
    "answer_half": "half as much",
    "answer_much_less": "much less",
    "answer_hardly": "hardly",
    "guided_proposal": "Proposed weights: {weights}",
    "guided_apply": "Start from these weights",
    "guided_recorded": (
        "Weights taken as the starting point and recorded in the meeting journal ({entry}); the "
        "sliders can still be adjusted."
    ),
    "reset_weights": "Back to the agreed weights",
    "undo": "Undo",
    "weights_total": "Total: {total}",
    "scenario_details": "The scenarios in detail",
    "method_note_title": "Method",
    "method_note": (
        "Ranking computed by the {method} method with the weights shown. “Plausible cases”: "
        "{evaluations} combinations of the weights (each between ×{lo} and ×{hi} of its value) and"
        " of the uncertain data within their ranges (Sobol design, N = {n}, seed {seed}); the "
        "decision memo gives the same percentages."
    ),
    "ranking_plain": (
        "From first to last under the weights shown; the bar shows each scenario's lead."
    ),
    "robust_note": (
        "Plausible cases: {n} draws of the weights (×{lo}–×{hi}) and of the uncertain data within "
        "their ranges, seed {seed}."
    ),
    "why": "Why one scenario is ahead of the other",
    "why_ahead": "ahead of",
    "why_caption": (
        "What each criterion adds to the score gap between the two scenarios, under the chosen "
        "weights and method (the bars add up to the gap): to the right in favour of “{a}”, to the "
        "left in favour of “{b}”."
    ),
    "why_sentence": "“{a}” is ahead of “{b}” mainly thanks to: {reasons}.{despite}",
    "why_despite": " “{b}” does better on: {reasons}.",
    "why_same": "“{a}” and “{b}” are level.",
    "export_memo": "Export the decision memo",
    "memo_running": "Preparing the memo…",
    "memo_missing": "The decision memo is not available yet.",
    "an_weights": "Weighting",
    "an_data": "Method and data",
    "an_sensitivity": "Sensitivity",
    "an_compare": "Method comparison",
    "weighting_method": "Weighting method",
    "w_direct": "Direct",
    "w_swing": "Swing",
    "w_ahp": "AHP (pairwise comparisons)",
    "w_objective": "Objective (from data)",
    "apply": "Apply these weights",
    "criterion_weights": "Criterion weights",
    "indicator_weights": "Indicator weights within their criterion",
    "global_weights": "Effective indicator weights",
    "swing_help": (
        "Give 100 points to the worst-to-best swing that matters most, then score the others "
        "against it."
    ),
    "ahp_help": (
        "For each pair, which matters more, and by how much? (=: equally; ◀ 9: the left criterion "
        "extremely more; 9 ▶: the right one extremely more)"
    ),
    "ahp_cr": "Consistency ratio: {cr}",
    "ahp_cr_bad": "Consistency ratio: {cr} (above 0.1: comparisons not consistent)",
    "objective_method": "Objective method",
    "method": "MCDA method",
    "normalization": "Normalisation",
    "norm_default": "method's default",
    "performance": "Performance matrix",
    "parameters": "Uncertain parameters",
    "col_low": "Low",
    "col_high": "High",
    "study_n": "Sample size N",
    "study_seed": "Seed",
    "study_over": "Vary",
    "over_weights": "the weights",
    "over_parameters": "the uncertain data",
    "over_method": "the method",
    "study_run": "Run the sensitivity study",
    "study_running": "Study running…",
    "study_done": "Study done: {evaluations} evaluations, N = {n}, seed {seed}.",
    "study_idle": (
        "The study varies weights and data together (Sobol's method) and measures what moves the "
        "ranking."
    ),
    "seed_invalid": (
        "The seed must be a whole number, 0 or more: “{value}” is not taken, the seed stays {seed}."
    ),
    "study_no_factor": "Choose at least one factor to vary.",
    "output_gap": "Lead of the first over the second",
    "study_failed": "The study failed: {error}",
    "sobol_title": "What moves the rank of “{scenario}” (Sobol indices)",
    "sobol_output": "Output analysed",
    "sobol_s1": "first order S1",
    "sobol_st": "total ST",
    "sobol_hidden": (
        "The {count} other, less influential factors are not drawn. Bars: estimate; whiskers: 95 %"
        " confidence interval."
    ),
    "acceptability_title": "Share of cases in which each scenario takes each rank",
    "tipping_title": "Tipping points",
    "col_from": "First before",
    "col_to": "First after",
    "verdict": "Verdict",
    "compare_title": "The ranking under every method",
    "compare_agreement": "Agreement with {method}",
    "compare_help": (
        "Rank of each scenario under every method, with the chosen weights. Agreement: weighted "
        "Spearman coefficient (pymcdm) with the chosen method; 1 = same ranking, top places "
        "counting most."
    ),
    "compare_not_applicable": (
        "* Default normalisation impossible on these data; ranked with min-max normalisation "
        "instead:"
    ),
    "memo_failed": "The decision memo could not be made:",
    "unavailable": "This part is not available yet: {what}.",
    "stability_title": "Weight stability intervals",
    "col_top_interval": "First stays first",
    "col_ranking_interval": "Ranking unchanged",
    # memo
    "doc_title": "Decision memo",
    "committee": "Steering committee",
    "table_title": "Table “{name}”",
    "summary": "In short",
    "summary_first": (
        "With the chosen weights and the {method} method, the scenario ranked first is “{first}”."
    ),
    "summary_share": (
        "It stays first in {share} of the {evaluations} plausible cases examined (weights and "
        "uncertain data drawn at random)."
    ),
    "summary_weights": "Weights ({owner}): {weights}.",
    "summary_share_table": (
        "It stays first in {share} of the {evaluations} plausible weightings examined (each weight"
        " drawn at random around its value)."
    ),
    "s_context": "Purpose and context",
    "context_case": (
        "This memo reports the multi-criteria comparison of the scenarios of the case “{title}”, "
        "made with Copilote for the steering committee. It says what was compared, with which "
        "weights and which method, which scenario comes first, how robust that is and which data "
        "it rests on."
    ),
    "context_table": (
        "This memo reports the multi-criteria comparison of the options of the table “{name}”, "
        "made with Copilote for the steering committee. It says what was compared, with which "
        "weights and which method, which option comes first, how robust that is and which data it "
        "rests on."
    ),
    "context_reproduce": (
        "The “Provenance” block at the end allows every figure to be recomputed identically."
    ),
    "s_scenarios": "Scenarios compared",
    "col_description": "Description",
    "s_criteria": "Criteria, indicators and weights",
    "weights_owner": "Weights: {owner}.",
    "weights_profile": "profile “{profile}”",
    "weights_typed": "weights entered by hand",
    "weights_default": "default weights: equal criterion weights",
    "s_method": "Method",
    "method_text": (
        "Multi-criteria method: {label} ({reference}), computed with pymcdm. Normalisation: "
        "{normalization}."
    ),
    "norm_none": "none (built into the method)",
    "method_lower": "For this method, the lowest score is the best.",
    "method_higher": "For this method, the highest score is the best.",
    "s_ranking": "Ranking",
    "col_share_first": "First in",
    "chart_ranking": "Score of each scenario ({method})",
    "chart_share_axis": "% of plausible cases",
    "s_performance": "Performance of the scenarios",
    "performance_text": (
        "Nominal values of the indicators, in their units; ↓: lower is better, ↑: higher is "
        "better. The best value of each row is in bold."
    ),
    "s_robustness": "Robustness of the ranking",
    "robust_intro": (
        "The ranking was recomputed for {evaluations} plausible cases: each weight drawn between "
        "{wlow} and {whigh} times its value{params}, seed {seed}."
    ),
    "robust_params": ", each uncertain figure drawn within its range",
    "robust_verdict": "Verdict",
    "s_acceptability": "How often each rank",
    "acceptability_text": "Share of the plausible cases in which each scenario takes each rank.",
    "s_drivers": "What could change the order",
    "drivers_text": (
        "Total Sobol indices (ST) of the score gap between the two leading scenarios: the share of"
        " its variance due to each factor, interactions included. The larger the index, the more "
        "this factor weighs on the outcome."
    ),
    "col_factor": "Factor",
    "col_st": "Total index ST",
    "col_s1": "First-order index S1",
    "factor_weight": "weight “{label}”",
    "factor_method": "choice of method",
    "s_stability": "Margins of the weights",
    "stability_text": (
        "For each weight (the others rescaled in proportion): the range within which the first "
        "stays first, and the range within which the whole ranking stays the same."
    ),
    "col_current": "Chosen weight",
    "col_top_range": "First stays first",
    "col_rank_range": "Ranking unchanged",
    "s_tipping": "Tipping points",
    "s_red_lines": "Red lines",
    "red_lines_text": (
        "A red line is a limit no weight buys back. A scenario that crosses one keeps its score "
        "but is ranked after all others. The probability is the share of the study's {evaluations}"
        " plausible cases in which it crosses at least one."
    ),
    "summary_red_lines": "Beyond a red line, hence ranked after the others: {names}.",
    "col_red_line": "Red line",
    "col_set_by": "Set by",
    "col_source_reason": "Source or reason",
    "col_crossed": "At nominal values",
    "col_p_violation": "Probability of crossing",
    "within_lines": "within all",
    "tipping_text": (
        "Value of an uncertain figure (the others at their nominal values) beyond which another "
        "scenario takes the lead."
    ),
    "tipping_none_table": "Not applicable to a table: its values are not uncertain.",
    "col_from_to": "From → to",
    "s_assumptions": "Assumptions and data sources",
    "assumptions_count": (
        "{total} figures, {uncertain} of them uncertain (with a range): {verified} verified "
        "(published source), {derived} derived (computed from sources), {assumption} assumptions "
        "(to be confirmed)."
    ),
    "assumptions_listed": (
        "The assumptions are listed below; every figure, with its source and status, is in annex A."
    ),
    "s_sources_annex": "Annex A: data and sources",
    "assumptions_table": (
        "The values come from the table {path}, supplied as is: their sources are not recorded in "
        "Copilote and remain the responsibility of whoever supplied it."
    ),
    "col_range": "Range",
    "s_provenance": "Provenance",
    "prov_text": (
        "The SHA-256 digest identifies the inputs of the computation (scenarios, data, weights, "
        "method, normalisation, seed, N), parsed and put in canonical form: it does not change "
        "when a file is merely reformatted, and changes when any value changes."
    ),
    "prov_digest": "Input digest (SHA-256)",
    "prov_source": "Inputs",
    "prov_method": "Method, normalisation",
    "prov_sampling": "Sampling",
    "prov_sampling_value": "N = {n}, seed = {seed}, {evaluations} evaluations",
    "prov_versions": "Versions",
    "prov_date": "Date",
    "prov_journal": "Meeting journal head (SHA-256)",
    "prov_command": "To remake this memo:",
    "s_annex": "Annex{letter}: the method's intermediate tables",
    "annex_text": (
        "Steps of the {label} computation as pymcdm gives them (verbose mode), for the technical "
        "team to check."
    ),
    "page": "Page",
    "of": "of",
    "chart_alt": "Chart",
    # normalisation names as people read them (pymcdm's names are code, not words)
    "norm_minmax": "min-max",
    "norm_max": "by the maximum",
    "norm_sum": "by the sum",
    "norm_vector": "vector",
    "norm_logarithmic": "logarithmic",
    "norm_linear": "linear",
    "norm_nonlinear": "non-linear",
    "norm_enhanced_accuracy": "enhanced accuracy",
    "norm_zavadskas_turskis": "Zavadskas-Turskis",
    # objective weighting methods
    "objective_entropy": "entropy",
    "objective_critic": "CRITIC",
    "objective_standard_deviation": "standard deviation",
    "objective_merec": "MEREC",
    # command line (decision rank, decision sensitivity)
    "cli_method": "Method:",
    "cli_normalization": "normalization",
    "cli_profile": "Profile:",
    "cli_weights": "Weights:",
    "cli_lower_better": "lower is better",
    "cli_higher_better": "higher is better",
    "cli_rank_shares": "Share of cases at each rank",
    "cli_drivers": "What moves the rank of '{first}' (total Sobol index, ± 95% CI)",
    "cli_drivers_none": "nothing: its rank does not change in any draw",
    "cli_stability": "Weight stability intervals (the others keep their proportions)",
    "cli_stays_first": "first",
    "cli_same_ranking": "ranking",
    "cli_tipping": "Tipping points",
    "cli_tipping_none": "none within range: {count} parameter(s)",
    "cli_study": (
        "method {method}, N = {n}, {evaluations} evaluations, seed {seed}, factors: {count} "
        "({over})"
    ),
    "cli_beyond_red_line": "— beyond a red line: ranked after all others —",
    "cli_red_lines": "Red lines:",
    "cli_red_line_share": "Probability of crossing a red line ({lines})",
    "cli_red_line_drivers": "{line}, {name}: what decides it (ST) {drivers}",
    # decision evaluate
    "cli_eval_scenario": "scenario",
    "cli_eval_indicators": "Indicators:",
    "cli_eval_lower_better": "lower is better",
    "cli_eval_higher_better": "higher is better",
    "cli_eval_scenarios": "Scenarios:",
    "cli_eval_nominal": "Nominal parameter values (decision parameters).",
    # decision parameters
    "cli_param_name": "parameter",
    "cli_param_nominal": "nominal",
    "cli_param_range": "range",
    "cli_param_unit": "unit",
    "cli_param_status": "status",
    "cli_param_fixed": "fixed",
    "cli_param_source": "{label}. Source: {source}",
    "cli_param_formula": "Formula: {formula}",
    "cli_param_count": "{count} parameters, {uncertain} of them uncertain.",
    # the committee's red-lines card and the analyst's red-lines tab
    "rl_title": "Out of the running: beyond a red line",
    "rl_none": "No scenario crosses a red line.",
    "rl_help": (
        "These scenarios are ranked after all others, whatever the weights: no weight buys "
        "back a red line."
    ),
    "rl_set_title": "Red lines",
    "rl_set_help": (
        "A limit no weight buys back: INDICATOR<=VALUE or >=, the value in the indicator's "
        "unit (land_take<=5 ha) or a scenario (nox<=reference)."
    ),
    "rl_line": "New red line",
    "rl_who": "Set by",
    "rl_add": "Add",
    "rl_remove": "Remove",
    # a scenario beyond a red line, in one sentence (decision.analysis.red_lines)
    "rl_who_default": "the user (command line)",
    "rl_at_most": "at most {bound}",
    "rl_at_least": "at least {bound}",
    "rl_land_taken": "takes {value} of new land",
    "rl_indicator_value": "{indicator}: {value}",
    "rl_beyond": "{what}: beyond the red line ({limit}) set by {who}",
    # the group session
    "grp_title": "Group session",
    "grp_you_are": "Signed in: {who} ({role})",
    "grp_member": "member",
    "grp_facilitator": "facilitator",
    "grp_your_name": "Your name",
    "grp_role": "Role",
    "grp_session": "Session",
    "grp_no_session": "No session open",
    "grp_new_title": "Title of a new session",
    "grp_open": "Open a session",
    "grp_your_weights": "Your weights",
    "grp_weights_help": (
        "Give each criterion the importance it has for you (0 to 100); only proportions count. "
        "Under the geometric mean, a 0 removes the criterion for the whole group."
    ),
    "grp_comment": "Comment (optional)",
    "grp_comments": "What members wrote",
    "grp_submit": "Submit my weights",
    "grp_submitted": "Weights saved ({what}).",
    "grp_waiting": "No member has submitted yet.",
    "grp_group_weights": "Everyone's weights and the group's",
    "grp_group": "Group",
    "grp_aggregation": "Aggregation",
    "grp_mean": "mean",
    "grp_geometric": "geometric mean (a 0 vetoes)",
    "grp_aggregation_help": (
        "Mean: every member counts the same. Geometric mean: a single member giving a "
        "criterion 0 removes it for the whole group. Median: the middle of the group's views."
    ),
    "grp_median": "median",
    "grp_rankings": "Everyone's ranking",
    "grp_agreement": "Agreement between members",
    "grp_agreement_help": (
        "Agreement of rankings (weighted Spearman rw, 1 = identical) and of weights (WSC2); WS "
        "and WSC compare each member with the group."
    ),
    "grp_mean_rw": "Mean ranking agreement (rw)",
    "grp_mean_wsc": "Mean weight similarity (WSC2)",
    "grp_disagreement": "Where the group differs",
    "grp_acceptability": "Rank of each scenario among members",
    "grp_acceptability_help": "Share of members for whom the scenario takes this rank.",
    "grp_rank": "Rank {r}",
    "grp_scenario": "Scenario",
    "grp_criterion": "Criterion",
    "grp_range": "Lowest to highest (bar: group)",
    "grp_sign": "Sign off the decision",
    "grp_note": "Decision note (optional)",
    "grp_signing": "Writing the decision memo…",
    "grp_signed": "Decision signed off: {scenario} — memo sha256 {sha}",
    "grp_no_memo": "no memo",
    "grp_download": "Download the signed memo",
    "grp_replay": "Replay a session",
    "grp_load": "Load",
    "grp_step": "Step",
    "grp_members_count": "{n} member(s)",
    "grp_kind_session_opened": "session opened",
    "grp_kind_weights_submitted": "weights submitted",
    "grp_kind_scenarios_shown": "scenarios shown",
    "grp_kind_decision_signed": "decision signed off",
    # «Pour les habitants»: the memo's tables and the committee's card
    "res_title": "For the residents",
    "res_scenario": "Scenario",
    "res_heating": "Heating",
    "res_heat": "Useful heat (MWh/yr)",
    "res_bill": "Bill (€ incl. VAT/yr)",
    "res_full": "Full cost (€ incl. VAT/yr)",
    "res_co2": "CO2 (kg/yr)",
    "res_network": "district heating",
    "res_gas_boiler": "gas boiler",
    "res_heat_pump": "heat pump",
    "res_dwelling_caption": (
        "One average dwelling of the renovated Cité 12/14, a year. Bill: energy and "
        "subscription incl. VAT (network 5.5 %, gas and electricity 20 %). Full cost: bill, "
        "maintenance and equipment annuity, incl. VAT."
    ),
    "res_lens": "Lens subscribers",
    "res_cite": "Cité 12/14",
    "res_lievin": "Liévin subscribers",
    "res_prices_caption": (
        "Average heat price of each user group (€ excl. VAT/MWh). Cité connected: the city "
        "pays the share of the extension the operator does not take (3 kW/m rule); were the "
        "operator to finance it all, Lens's price would be {lens_all} € excl. VAT/MWh."
    ),
    "res_vs_reference": "against the reference",
    "res_vs_landlord": "against the landlord's plan (gas)",
    "res_tonne_caption": (
        "Cost per tonne of CO2 avoided (€/t): extra annualised total cost (bills and "
        "investment annuities) over the CO2 avoided. Negative: cheaper and cleaner."
    ),
    # Tabulator's own words (its pagination); English is Tabulator's default
    "tabulator_first": "First",
    "tabulator_first_title": "First Page",
    "tabulator_last": "Last",
    "tabulator_last_title": "Last Page",
    "tabulator_prev": "Prev",
    "tabulator_prev_title": "Prev Page",
    "tabulator_next": "Next",
    "tabulator_next_title": "Next Page",
    "tabulator_all": "All",
    # typography: a name quoted in running text, a label before its value
    "quoted": "“{name}”",
    "colon": ": ",
}
CATALOGUE: dict[str, dict[str, str]] = {"fr": FR, "en": EN}

#: pymcdm normalisations and objective weighting methods that have a name in the catalogue.
NORMALIZATIONS = tuple(key.removeprefix("norm_") for key in FR if key.startswith("norm_"))
OBJECTIVE_METHODS = tuple(
    key.removeprefix("objective_") for key in FR if key.startswith("objective_")
)


def text(key: str, lang: str = "fr", **values: object) -> str:
    """The wording ``key`` in ``lang`` (French unless ``"en"``) with ``{blanks}`` filled in."""
    wording = (EN if lang == "en" else FR)[key]
    return wording.format(**values) if values else wording


def norm_label(name: str, lang: str = "fr") -> str:
    """A normalisation's name in ``lang`` (pymcdm's code name when the catalogue has none)."""
    key = f"norm_{name}"
    return text(key, lang) if key in FR else name


def objective_label(name: str, lang: str = "fr") -> str:
    """An objective weighting method's name in ``lang`` (its code name when unknown)."""
    key = f"objective_{name}"
    return text(key, lang) if key in FR else name
