"""authoring/diff"""
