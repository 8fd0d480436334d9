"""All SQL of the product lives in this package: SQL in, DataFrame or plain values out.

One module per area; every user value is a bound parameter (never formatted into SQL).
"""
