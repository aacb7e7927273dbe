"""Pure-Python engines of GreenCluster (no Django, no Dask, no web).

Sub-packages: taxonomy, matching, meetings, network, impact, heat.
"""
