"""Problems as data, and the checks across files: references, names, translations, changed
files, a built site's links.
"""
