//! Use cases over the store traits: catalog import, search and reform metrics.
