"""What the pages show: page plans, cards and facets, template filters, translations of the
interface, sharing, structured data, and page addresses (``urls.py``, which the export
uses too).
"""
