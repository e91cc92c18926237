"""Spreadsheets in: `campaign import` reads .xlsx and .csv files into catalog YAML.

The stages, one module each:

1. ``read``: the file to a ``table`` of cells, each with its place (``Sheet!C7`` or
   row and column), refusing what is not a plain spreadsheet (``csv_reader``,
   ``workbook_reader``);
2. ``columns``: the header row to catalog keys (the export's column names, or their
   Chinese aliases);
3. ``cells``: each cell, as people type it, to the value the catalog format holds
   (names to ids, labels to values, dates, lists);
4. ``importer``: rows to files (``rows``: each row's document, ``row_ids``: its id,
   ``write_files``: all or nothing), with the same validation and reference checks as
   `campaign validate`;
5. ``yaml_text``: a file that looks written by hand.

``template`` writes an empty workbook to fill in (its words, in English and Chinese,
are in ``template_text``).
"""
