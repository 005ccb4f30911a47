"""The core: decision problems, MCDA methods and their batched kernels, weights, tables."""
