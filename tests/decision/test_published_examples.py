"""Each core method reproduces a worked example published in a paper (scikit-criteria style).

Each test is named after its paper, gives the reference in its docstring, and checks our
engine (decision.core.mcda.evaluate_matrix, i.e. pymcdm as configured by decision.core.methods, and
the
batched kernel where the method has one) against the paper's published values at the precision
the paper prints them. The data and values were transcribed from the papers by the
scikit-criteria project (its tests/agg/ suite); the sources cited are the papers.

No published PROMETHEE II example with the "usual" preference function and EDAS example could be
verified here, so those two methods are proved only against pymcdm (tests/decision/test_kernels.py).
"""

from __future__ import annotations

import numpy as np
import pytest
from pymcdm import methods as pm

from copilote.decision.core import kernels
from copilote.decision.core.mcda import evaluate_matrix, explain
from copilote.decision.core.problem import DecisionProblem, Indicator


def check(method, matrix, weights, types, expected, atol, normalization=None, ranks=None):
    """Scores (and ranks) of ``method`` match the published ones, by pymcdm and by our kernel."""
    result = evaluate_matrix(matrix, weights, types, method, normalization)
    np.testing.assert_allclose(result.scores, expected, rtol=0, atol=atol)
    if ranks is not None:
        np.testing.assert_array_equal(result.ranks, ranks)
    if method in kernels.BATCHED:
        batched = kernels.batch_scores(method, matrix, weights, types, normalization)[0]
        np.testing.assert_allclose(batched, result.scores, rtol=0, atol=1e-9)
    return result


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011). Multiple Attribute Decision Making: Methods and
    Applications. CRC Press. TOPSIS example, vector normalisation, closeness to 4 decimals."""
    check(
        "topsis",
        [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]],
        [0.3, 0.4, 0.3],
        [1, 1, 1],
        [0.5037, 0.6581, 0.7482, 0.3340],
        atol=1e-4,
        normalization="vector",
        ranks=[3, 2, 1, 4],
    )


def test_vikor_opricovic_tzeng_2004():
    """Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research 156(2):445-455.
    Numerical example: risk (min) and altitude (max), equal weights; Q = (1, 0, 1)."""
    check(
        "vikor",
        [[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]],
        [0.5, 0.5],
        [-1, 1],
        [1.0, 0.0, 1.0],
        atol=1e-12,
        ranks=[2.5, 1, 2.5],
    )


VIKOR_2007_MATRIX = [
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
]
VIKOR_2007_TYPES = [1, -1, 1, 1, -1, -1, -1, 1]


@pytest.mark.parametrize(
    ("weights", "s", "r", "q"),
    [
        (
            [1, 1, 1, 1, 1, 1, 1, 1],
            [0.692, 0.7, 0.29, 0.423, 0.28, 0.346],
            [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
            [0.991, 1.0, 0.473, 0.670, 0.0, 0.578],
        ),
        (
            [2, 2, 2, 2, 1, 1, 1, 1],
            [0.701, 0.6, 0.386, 0.365, 0.317, 0.459],
            [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
            [1.0, 0.533, 0.552, 0.563, 0.0, 0.686],
        ),
        (
            [1, 1, 1, 1, 2, 2, 2, 2],
            [0.683, 0.8, 0.193, 0.48, 0.243, 0.232],
            [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
            [0.684, 1.0, 0.147, 0.554, 0.041, 0.191],
        ),
        (
            [1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2],
            [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
            [0.129, 0.190, 0.057, 0.139, 0.042, 0.060],
            [0.668, 1.0, 0.051, 0.588, 0.058, 0.078],
        ),
    ],
    ids=["W1", "W2", "W3", "W4"],
)
def test_vikor_opricovic_tzeng_2007(weights, s, r, q):
    """Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with outranking
    methods. European Journal of Operational Research 178(2):514-529. Six reservoir systems,
    eight criteria, four weight sets; S, R and Q printed to 3 decimals (tables of the paper)."""
    check("vikor", VIKOR_2007_MATRIX, weights, VIKOR_2007_TYPES, q, atol=1e-3)
    # S and R are intermediate tables: check them through explain() (the memo annex).
    indicators = tuple(
        Indicator(f"c{j}", f"c{j}", f"c{j}", "", "max" if t > 0 else "min", "all")
        for j, t in enumerate(VIKOR_2007_TYPES)
    )
    problem = DecisionProblem(
        tuple(f"A{i + 1}" for i in range(6)), indicators, np.array(VIKOR_2007_MATRIX), weights
    )
    tables = dict(explain(problem, "vikor"))
    np.testing.assert_allclose(tables["Vector of $S_i$ values"].iloc[:, 0], s, atol=1e-3)
    np.testing.assert_allclose(tables["Vector of $R_i$ values"].iloc[:, 0], r, atol=1e-3)


CHAKRABORTY_2015_MATRIX = [
    [581818, 54.49, 3, 5500],
    [595454, 49.73, 3, 4500],
    [586060, 51.24, 3, 5000],
    [522727, 45.71, 3, 5800],
    [561818, 52.66, 3, 5200],
    [543030, 74.46, 4, 5600],
    [522727, 75.42, 4, 5800],
    [486970, 62.62, 4, 5600],
    [509394, 65.87, 4, 6400],
    [513333, 70.67, 4, 6000],
]
CHAKRABORTY_2015_WEIGHTS = [0.467, 0.160, 0.095, 0.278]
CHAKRABORTY_2015_TYPES = [-1, -1, -1, 1]
CHAKRABORTY_2015_RANKS = [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


@pytest.mark.parametrize(
    ("method", "normalization", "expected"),
    [
        (
            "waspas",  # lambda = 0.5, pymcdm's default
            None,
            [0.8584, 0.8169, 0.8419, 0.9417, 0.8638, 0.8278, 0.8503, 0.8949, 0.9027, 0.8740],
        ),
        (
            "wsm",  # WASPAS with lambda = 1
            "linear",
            [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784],
        ),
        (
            "wpm",  # WASPAS with lambda = 0
            "linear",
            [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697],
        ),
    ],
)
def test_waspas_wsm_wpm_chakraborty_zavadskas_antucheviciene_2015(method, normalization, expected):
    """Chakraborty, S., Zavadskas, E. K. & Antucheviciene, J. (2015). Applications of WASPAS
    method as a multi-criteria decision-making tool. Economic Computation and Economic
    Cybernetics Studies and Research 49(1):5-22, Example 2 (linear normalisation; joint
    criterion Q for lambda = 0.5, 1 and 0 to 4 decimals)."""
    check(
        method,
        CHAKRABORTY_2015_MATRIX,
        CHAKRABORTY_2015_WEIGHTS,
        CHAKRABORTY_2015_TYPES,
        expected,
        atol=1e-4,
        normalization=normalization,
        ranks=CHAKRABORTY_2015_RANKS,
    )


def test_copras_uysal_inan_2022():
    """Uysal, Ö. & İnan, T. (2022). Performance evaluation of research assistants by COPRAS
    method. International Journal of Social Science and Economic Research. Five assistants,
    seven criteria (one to minimise), equal weights; utility degree N in % to 4 decimals.

    pymcdm 1.4.0's COPRAS gives (89.56, 69.57, 61.51, 100, 83.73) here: its relative
    significance reduces to S+ + S-. decision.core.methods corrects it; this test guards that.
    """
    result = check(
        "copras",
        [
            [3.57, 4.00, 4.00, 83.75, 3, 9, 1],
            [3.07, 3.95, 4.00, 83.00, 3, 1, 3],
            [3.23, 3.54, 3.46, 66.00, 4, 0, 2],
            [3.42, 3.96, 4.00, 70.00, 5, 5, 7],
            [2.56, 3.37, 3.79, 82.00, 4, 4, 5],
        ],
        [1 / 7] * 7,
        [1, 1, 1, 1, -1, 1, 1],
        np.array([100.0000, 78.8501, 63.3837, 98.6506, 86.8878]) / 100,
        atol=1e-5,
        ranks=[1, 4, 5, 2, 3],
    )
    assert result.scores.max() == 1.0


def test_spotis_dezert_tchamova_han_tacnet_2020():
    """Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. 23rd International Conference on
    Information Fusion (FUSION), doi:10.23919/FUSION45008.2020.9190347. Example 2 (car
    selection), with the paper's bounds; scores to 4 decimals.

    The paper fixes its bounds; Copilote takes each indicator's min and max (decision.core.methods),
    so this checks the method's formula with the pymcdm class Copilote uses.
    """
    matrix = np.array(
        [
            [15000, 4.3, 99, 42, 737],
            [15290, 5.0, 116, 42, 892],
            [15350, 5.0, 114, 45, 952],
            [15490, 5.3, 123, 45, 1120],
        ],
        dtype=float,
    )
    bounds = np.array([[14000, 16000], [3, 8], [80, 140], [35, 60], [650, 1300]], dtype=float)
    weights = np.array([0.2941, 0.2353, 0.2353, 0.0588, 0.1765])
    types = np.array([-1, -1, -1, 1, 1])
    scores = pm.SPOTIS(bounds)(matrix, weights, types, validation=False)
    np.testing.assert_allclose(scores, [0.4779, 0.5781, 0.5558, 0.5801], rtol=0, atol=1e-4)
    np.testing.assert_array_equal(pm.SPOTIS(bounds).rank(scores), [1, 3, 2, 4])


def test_moora_kracka_brauers_zavadskas_2010():
    """Kracka, M., Brauers, W. K. M. & Zavadskas, E. K. (2010). Ranking heating losses in a
    building by applying the MULTIMOORA. Inzinerine Ekonomika - Engineering Economics
    (ISSN 1392-2785). Ratio system: six alternatives, seven criteria, no weights; published
    ranking A2 > A6 > A3 > A5 > A1 > A4; ratio scores (unit weights) to 4 decimals."""
    result = check(
        "moora",
        [
            [33.95, 23.78, 11.45, 39.97, 29.44, 167.10, 3.852],
            [38.9, 4.17, 6.32, 0.01, 4.29, 132.52, 25.184],
            [37.59, 9.36, 8.23, 4.35, 10.22, 136.71, 10.845],
            [30.44, 37.59, 13.91, 74.08, 45.10, 198.34, 2.186],
            [36.21, 14.79, 9.17, 17.77, 17.06, 148.3, 6.610],
            [37.8, 8.55, 7.97, 2.35, 9.25, 134.83, 11.935],
        ],
        [1] * 7,
        [-1, -1, -1, -1, 1, -1, 1],
        # The ratio system with unit weights; our weights sum to 1, hence the factor 1/7.
        np.array([-1.6245, -0.2523, -0.8464, -2.2336, -1.1870, -0.7746]) / 7,
        atol=1e-4 / 7,
        ranks=[5, 1, 3, 6, 4, 2],
    )
    assert result.method == "moora"


def test_aras_balezentiene_kusta_2012():
    """Balezentiene, L. & Kusta, A. (2012). Reducing greenhouse gas emissions in grassland
    ecosystems of the Central Lithuania: multi-criteria evaluation on a basis of the ARAS
    method. Ten fertilisation treatments, six criteria (three to minimise), equal weights;
    utility degree K to 4 decimals. The ideal row of the paper is each criterion's best value,
    as pymcdm builds it."""
    check(
        "aras",
        [
            [957.5, 190.1977, 70, 0.039592, 2.166783, 0.0141],
            [892.5, 203.8013, 53, 0.025849, 2.994347, 0.016642],
            [1002.5, 235.0942, 75, 0.015479, 4.742146, 0.019484],
            [1150.0, 271.4, 76, 0.022, 7.055962, 0.022147],
            [1520.0, 192.5579, 70, 0.025442, 8.424319, 0.024235],
            [1700.0, 386.1619, 90, 0.029429, 5.888983, 0.022218],
            [1355.0, 342.1966, 80, 0.0293, 8.635847, 0.024861],
            [2127.5, 495.4876, 90, 0.038453, 3.652983, 0.020537],
            [3020.0, 827.6948, 97, 0.031774, 11.03944, 0.024359],
            [2786.0, 795.0, 98, 0.021151, 8.952235, 0.023349],
        ],
        [1 / 6] * 6,
        [1, 1, 1, -1, -1, -1],
        [
            0.599472,
            0.531983,
            0.564514,
            0.491713,
            0.453489,
            0.551491,
            0.475401,
            0.635985,
            0.689763,
            0.722232,
        ],
        atol=1e-4,
        ranks=[4, 7, 5, 8, 10, 6, 9, 3, 2, 1],
    )


def test_mabac_pamucar_cirovic_2015():
    """Pamučar, D. & Ćirović, G. (2015). The selection of transport and handling resources in
    logistics centers using Multi-Attributive Border Approximation area Comparison (MABAC).
    Expert Systems with Applications 42(6):3016-3028. Seven forklifts, ten criteria; criterion
    functions S_i to 4 decimals."""
    check(
        "mabac",
        [
            [22600, 3800, 2, 5, 1.06, 3.00, 3.5, 2.8, 24.5, 6.5],
            [19500, 4200, 3, 2, 0.95, 3.00, 3.4, 2.2, 24.0, 7.0],
            [21700, 4000, 1, 3, 1.25, 3.20, 3.3, 2.5, 24.5, 7.3],
            [20600, 3800, 2, 5, 1.05, 3.25, 3.2, 2.0, 22.5, 11.0],
            [22500, 3800, 4, 3, 1.35, 3.20, 3.7, 2.1, 23.0, 6.3],
            [23250, 4210, 3, 5, 1.45, 3.60, 3.5, 2.8, 23.5, 7.0],
            [20300, 3850, 2, 5, 0.90, 3.25, 3.0, 2.6, 21.5, 6.0],
        ],
        [0.146, 0.144, 0.119, 0.121, 0.115, 0.101, 0.088, 0.068, 0.050, 0.048],
        [-1, 1, 1, 1, -1, -1, 1, 1, 1, 1],
        [0.0826, 0.2183, -0.0488, 0.0246, -0.0704, 0.0465, 0.0464],
        atol=1e-4,
        ranks=[2, 1, 6, 5, 7, 3, 4],
    )
