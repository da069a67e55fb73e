"""One renderer per output format. Renderers turn core data into text; they never read files."""
