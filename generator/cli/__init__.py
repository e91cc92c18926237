"""The `campaign` command line: the same library calls the MkDocs adapter makes."""
