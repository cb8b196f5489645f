"""The synthetic class graded end to end for the 'profit_clv' assignment (see _class_suite.py)."""

from _class_suite import *  # noqa: F403

ASSIGNMENT = "profit_clv"
