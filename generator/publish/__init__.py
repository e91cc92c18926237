"""Files published beside the pages: open data export, news feeds, the search index."""
