# robustness
