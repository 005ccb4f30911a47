"""The analysis: sensitivity (Sobol), rank acceptability, stability, tipping points, verdict,
explanation."""
