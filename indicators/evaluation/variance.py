"""Abadie-Imbens (2006) variance of the nearest-neighbour matching estimator of the ATT.

The bootstrap is not valid for nearest-neighbour matching (Abadie and Imbens 2008); this is the
analytic variance of Abadie and Imbens (2006, theorem 7; Abadie, Drukker, Herr and Imbens 2004, for
the ATT), generalised to the weights a caliper and ties give. The propensity score is treated as
known: Abadie and Imbens (2016) show that estimating it changes the ATT variance, in either direction.
"""

import numpy as np
from sklearn.neighbors import NearestNeighbors

SIGMA_NEIGHBOURS = 2  # J: same-group neighbours used to estimate each unit's conditional variance

METHOD = ("Abadie-Imbens (2006) analytic variance of the bias-adjusted matching estimator (Abadie-Imbens 2011),"
          " score taken as known; the bootstrap is not valid for nearest-neighbour matching (Abadie and Imbens 2008)")


def conditional_variance(y: np.ndarray, position: np.ndarray, j: int = SIGMA_NEIGHBOURS) -> np.ndarray:
    """sigma^2(X_i, W_i) of units of one group: J/(J+1) (Y_i - mean of its J nearest same-group units)^2."""
    j = min(j, len(y) - 1)
    if j < 1:
        return np.zeros(len(y))
    _, nearest = NearestNeighbors(n_neighbors=j).fit(position[:, None]).kneighbors()  # self left out
    return j / (j + 1) * (y - y[nearest].mean(axis=1)) ** 2


def att_variance(y, treated_used, counterfactual, att, c_idx, weights, squared_shares, position) -> float:
    """V = [sum over treated (Y_i - Y_i(0) - att)^2 + sum over controls (w_c^2 - q_c) sigma_c^2] / N1^2.

    w_c is the weight of control c (its number of matches K/M without ties), q_c the sum of its squared
    match shares (K/M^2): w^2 - q = K(K-1)/M^2, the theorem's term."""
    n1 = len(treated_used)
    sigma2 = conditional_variance(y[c_idx], position[c_idx])
    heterogeneity = ((y[treated_used] - counterfactual - att) ** 2).sum()
    reuse = ((weights[c_idx] ** 2 - squared_shares[c_idx]) * sigma2).sum()
    return float((heterogeneity + reuse) / n1 ** 2)
