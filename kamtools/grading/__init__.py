"""Instructor tooling on top of nbgrader: parallel grading, safe feedback, grade export."""
