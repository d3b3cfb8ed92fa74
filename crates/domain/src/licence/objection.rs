//! 异议核实与纠错: a holder's objection to a licence field and its verification.
