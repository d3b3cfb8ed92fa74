//! 诉求 (appeals): 办不成事, 企业吹哨, 12345 work orders — sources, dispatch, deadlines, escalation, closing and reopening.
