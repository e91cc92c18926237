"""Stage one and two: catalog YAML and news front matter to validated models, with positions."""
