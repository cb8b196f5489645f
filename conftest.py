"""Root pytest settings shared by tests, doctests and notebooks: headless matplotlib,
figures closed after every test."""

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
