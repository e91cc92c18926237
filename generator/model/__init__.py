"""The catalog's types: the file formats (pydantic models), the loaded catalog, its JSON
Schemas.
"""
