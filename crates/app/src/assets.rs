//! Use cases over assets.
