//! 纠错: correcting a licence after a verified objection; re-signs and keeps history.
