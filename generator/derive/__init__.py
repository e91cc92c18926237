"""What follows from the catalog: reverse links, the organization tree, statistics,
matching, expiry, the timeline.
"""
