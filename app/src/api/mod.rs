//! Server functions, one file per resource.
