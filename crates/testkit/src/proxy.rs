//! A small TCP front for multi-node tests: spreads connections over
//! several app nodes (round robin) and skips a node that is down.
