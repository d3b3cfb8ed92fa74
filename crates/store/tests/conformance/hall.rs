//! Hall queue checks: numbers taken, called and served.
