"""The synthetic class graded end to end for the 'knowing_the_client' assignment (see _class_suite.py)."""

from _class_suite import *  # noqa: F403

ASSIGNMENT = "knowing_the_client"
