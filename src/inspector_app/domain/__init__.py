"""Pure-Python domain: entities, ids, clocks, lifecycle and conclusion rules.

Nothing here imports Qt or SQLAlchemy; everything hard to get right is tested without a database.
"""
