"""The reader's widgets: one virtualised list (`ItemList`), the panes built on it, and their chrome."""
