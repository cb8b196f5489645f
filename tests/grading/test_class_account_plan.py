"""The synthetic class graded end to end for the 'account_plan' assignment (see _class_suite.py)."""

from _class_suite import *  # noqa: F403

ASSIGNMENT = "account_plan"
