"""The synthetic class graded end to end for the 'selecting_accounts' assignment (see _class_suite.py)."""

from _class_suite import *  # noqa: F403

ASSIGNMENT = "selecting_accounts"
