"""The case: loading a case folder, its parameters and scenarios, and evaluating them."""
