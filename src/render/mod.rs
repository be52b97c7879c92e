//! Renderers: one per output format. They read findings and the model; they never decide.

pub mod dump;
