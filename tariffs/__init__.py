"""The KABS tariff catalogue: one catalogue per year, its tariffs and prices, and the legal bases they rest on.

Stands alone: the catalogue knows no case. Cases and visitation look tariffs up here.
"""
