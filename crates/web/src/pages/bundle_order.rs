//! The order a bundle's members are handled in, read from its DAG: batches
//! of members that can start together, each after the batches before it.

use tongban_domain::Bundle;

/// Member indices (into `bundle.members`) grouped in batches: batch 0
/// starts at once, batch k waits for at least one member of batch k−1.
/// `None` when the members have a cycle (a stored catalog never does).
pub fn batches(bundle: &Bundle) -> Option<Vec<Vec<usize>>> {
    let order = bundle.topological_order().ok()?;
    let mut depth = vec![0usize; bundle.members.len()];
    let index = |code| bundle.members.iter().position(|m| &m.item == code);
    for code in order {
        let i = index(code)?;
        depth[i] = bundle.members[i]
            .after
            .iter()
            .filter_map(index)
            .map(|p| depth[p] + 1)
            .max()
            .unwrap_or(0);
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); depth.iter().max().map_or(0, |d| d + 1)];
    for (i, d) in depth.into_iter().enumerate() {
        out[d].push(i);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tongban_domain::bundle::BundleMember;
    use tongban_domain::ident::Code;

    fn member(item: &str, after: &[&str]) -> BundleMember {
        BundleMember {
            item: Code::parse(item).unwrap(),
            after: after.iter().map(|a| Code::parse(a).unwrap()).collect(),
            optional: false,
        }
    }

    fn bundle(members: Vec<BundleMember>) -> Bundle {
        let mut b: Bundle = serde_json::from_value(serde_json::json!({
            "code": "b", "name": "b", "theme": "life_event", "region": "350825",
            "lead_department": "d", "members": [], "promised_limit": { "working_days": 1 },
            "visits": 1
        }))
        .unwrap();
        b.members = members;
        b
    }

    #[test]
    fn members_wait_in_batches_after_their_prerequisites() {
        // licence → (seal, bank) in parallel; tax after bank; social alone.
        let b = bundle(vec![
            member("tax", &["bank"]),
            member("licence", &[]),
            member("seal", &["licence"]),
            member("bank", &["licence"]),
            member("social", &[]),
        ]);
        assert_eq!(batches(&b).unwrap(), vec![vec![1, 4], vec![2, 3], vec![0]]);
    }

    #[test]
    fn a_cycle_gives_no_batches() {
        let b = bundle(vec![member("a", &["b"]), member("b", &["a"])]);
        assert_eq!(batches(&b), None);
    }
}
