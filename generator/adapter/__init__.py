"""The MkDocs adapter: the only package that imports MkDocs (plugin events, the catalog's
own page loop, the build command).
"""
