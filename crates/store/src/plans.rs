//! Plans: versions, their sections, and the review log; the Store methods over them.
