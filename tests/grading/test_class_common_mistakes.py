"""The synthetic class graded end to end for the 'common_mistakes' assignment (see _class_suite.py)."""

from _class_suite import *  # noqa: F403

ASSIGNMENT = "common_mistakes"
