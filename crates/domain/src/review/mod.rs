//! 好差评 (reviews): ratings, the bad-rating rectification workflow and scores.
