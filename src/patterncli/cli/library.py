"""A clinician's own cards: validate, schema, paths, new, export."""
