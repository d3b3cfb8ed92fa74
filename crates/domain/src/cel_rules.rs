//! The one CEL mechanism behind guidance conditions and 秒批 review-point
//! rules: programs compiled once per process and contexts over one shared
//! standard library.
//!
//! Compiling a rule and building CEL's standard library cost far more than
//! evaluating it (together 8 % of a bundle submission's CPU before this
//! cache). Both depend only on the rule's text, so compiled programs are
//! memoised by text. The cache is bounded: past [`MAX_PROGRAMS`] distinct
//! texts it is emptied and refilled, so a catalog with many rules cannot
//! grow it without limit. Each cached rule carries what one walk over its
//! syntax tree found (the variables it reads, what its comprehensions
//! range over), so checking a rule costs no walk after the first.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use cel::common::ast::{EntryExpr, Expr, IdedExpr};
use cel::{Context, Env, Program};

/// Distinct rule texts kept compiled at most.
pub const MAX_PROGRAMS: usize = 4_096;

static STDLIB: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

static PROGRAMS: LazyLock<Mutex<HashMap<String, Arc<Rule>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A fresh evaluation context with CEL's standard library and no
/// variables.
pub fn context() -> Context<'static, 'static> {
    Context::with_env(Arc::clone(&STDLIB))
}

/// The compiled rule of `text`, from the cache or compiled now. A parser
/// panic (the parser has had some on odd input) is turned into an error,
/// as is a syntax error; errors are not cached.
pub fn compile(text: &str) -> Result<Arc<Rule>, String> {
    if let Some(rule) = cached(text) {
        return Ok(rule);
    }
    let rule = match std::panic::catch_unwind(|| Program::compile(text)) {
        Ok(Ok(program)) => Arc::new(Rule::of(program)),
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("表达式无法解析".to_string()),
    };
    if let Ok(mut programs) = PROGRAMS.lock() {
        if programs.len() >= MAX_PROGRAMS {
            programs.clear();
        }
        programs.insert(text.to_string(), Arc::clone(&rule));
    }
    Ok(rule)
}

/// A compiled rule and what one walk over its syntax tree found.
pub struct Rule {
    pub program: Program,
    /// The variables the rule reads, sorted; names a comprehension binds
    /// (`c` in `cooks.exists(c, c == 'x')`) are not among them.
    pub variables: Vec<String>,
    /// What each comprehension (`map`, `filter`, `all`, `exists`,
    /// `exists_one`) iterates over.
    ranges: Vec<Range>,
}

/// The range of one comprehension, as far as the syntax tells.
enum Range {
    /// A list literal.
    List,
    /// A variable of the rule (not one a comprehension binds).
    Variable(String),
    /// Anything else: a map literal, a computed value, a bound name.
    Other,
}

/// The reason, in Chinese, to refuse a rule that is not [`Rule::ordered`].
pub const UNORDERED: &str = "规则中的遍历（map、filter、all、exists、exists_one）只能作用于列表字面量或多选题的答案：映射的遍历顺序不确定，结果会随机变化";

impl Rule {
    fn of(program: Program) -> Rule {
        let mut walk = Walk::default();
        walk.expr(program.expression());
        let variables = walk.free.into_iter().map(str::to_string).collect();
        let ranges = walk.ranges;
        Rule {
            program,
            variables,
            ranges,
        }
    }

    /// False when a comprehension may iterate over a map. CEL maps
    /// iterate in hash order here, so such a rule could answer differently
    /// from one evaluation to the next (`data.map(k, k)[0] ==
    /// 'birth-date'` would grant at random). Types are not known before
    /// evaluation, so only ranges known to be lists count: a list literal,
    /// or a variable `is_list` names.
    pub fn ordered(&self, is_list: impl Fn(&str) -> bool) -> bool {
        self.ranges.iter().all(|r| match r {
            Range::List => true,
            Range::Variable(name) => is_list(name),
            Range::Other => false,
        })
    }
}

/// The state of the walk in [`Rule::of`]: the comprehension variables in
/// scope, and what it found so far.
#[derive(Default)]
struct Walk<'e> {
    bound: Vec<&'e str>,
    free: std::collections::BTreeSet<&'e str>,
    ranges: Vec<Range>,
}

impl<'e> Walk<'e> {
    fn expr(&mut self, e: &'e IdedExpr) {
        match &e.expr {
            Expr::Unspecified | Expr::Literal(_) => {}
            // Macro accumulators are named `@…`.
            Expr::Ident(name) => {
                if !name.starts_with('@') && !self.bound.contains(&name.as_str()) {
                    self.free.insert(name);
                }
            }
            Expr::Call(call) => {
                if let Some(target) = &call.target {
                    self.expr(target);
                }
                call.args.iter().for_each(|a| self.expr(a));
            }
            Expr::List(list) => list.elements.iter().for_each(|x| self.expr(x)),
            Expr::Map(map) => map.entries.iter().for_each(|x| self.entry(&x.expr)),
            Expr::Struct(st) => st.entries.iter().for_each(|x| self.entry(&x.expr)),
            Expr::Select(select) => self.expr(&select.operand),
            Expr::Comprehension(c) => {
                let range = match &c.iter_range.expr {
                    Expr::List(_) => Range::List,
                    Expr::Ident(name) if !self.bound.contains(&name.as_str()) => {
                        Range::Variable(name.clone())
                    }
                    _ => Range::Other,
                };
                self.ranges.push(range);
                self.expr(&c.iter_range);
                self.expr(&c.accu_init);
                let depth = self.bound.len();
                self.bound.push(&c.iter_var);
                self.bound.extend(c.iter_var2.as_deref());
                self.bound.push(&c.accu_var);
                for x in [&c.loop_cond, &c.loop_step, &c.result] {
                    self.expr(x);
                }
                self.bound.truncate(depth);
            }
        }
    }

    fn entry(&mut self, entry: &'e EntryExpr) {
        match entry {
            EntryExpr::StructField(field) => self.expr(&field.value),
            EntryExpr::MapEntry(pair) => {
                self.expr(&pair.key);
                self.expr(&pair.value);
            }
        }
    }
}

/// The cached rule of `text`, if any. A poisoned lock (a panic while
/// inserting) only disables the cache.
fn cached(text: &str) -> Option<Arc<Rule>> {
    PROGRAMS.lock().ok()?.get(text).cloned()
}

#[cfg(test)]
mod tests {
    use cel::Value;

    use super::*;

    #[test]
    fn a_cached_program_gives_the_same_answers_as_a_fresh_one() {
        let text = "age >= 18 && city == '连城'";
        let first = compile(text).unwrap();
        let again = compile(text).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "the second compile is cached");
        for (age, city, expected) in [(20, "连城", true), (17, "连城", false), (30, "福州", false)]
        {
            let mut ctx = context();
            ctx.add_variable_from_value("age", age);
            ctx.add_variable_from_value("city", city);
            assert_eq!(again.program.execute(&ctx).unwrap(), Value::Bool(expected));
        }
    }

    #[test]
    fn syntax_errors_are_reported_and_not_cached() {
        assert!(compile("age >=").is_err());
        assert!(cached("age >=").is_none());
    }

    fn ordered(rule: &Rule) -> bool {
        rule.ordered(|name| name == "licences")
    }

    #[test]
    fn comprehensions_over_lists_are_ordered_and_their_variables_are_not_read() {
        for (text, reads) in [
            ("licences.exists(l, l == 'food')", vec!["licences"]),
            ("['a', 'b'].all(x, x != kind)", vec!["kind"]),
            (
                "licences.filter(l, l != 'drugs').size() == 1",
                vec!["licences"],
            ),
            (
                "licences.exists(l, ['food', 'drugs'].exists(x, x == l))",
                vec!["licences"],
            ),
            ("size(data) == 2 && data['birth-date'] != ''", vec!["data"]),
            // The iteration variable is bound only inside its comprehension.
            (
                "licences.exists(l, true) && l == 'x'",
                vec!["l", "licences"],
            ),
        ] {
            let rule = compile(text).unwrap();
            assert!(ordered(&rule), "{text}");
            assert_eq!(rule.variables, reads, "{text}");
        }
    }

    #[test]
    fn comprehensions_over_maps_or_unknown_ranges_are_not_ordered() {
        for text in [
            "data.map(k, k)[0] == 'birth-date'",
            "data.map(data, data)[0] == 'birth-date'",
            "{'a': 1, 'b': 2}.map(k, k)[0] == 'a'",
            "data.exists(k, k == 'a')",
            // A variable named a list, rebound by an outer comprehension.
            "[data].exists(licences, licences.exists(k, k == 'a'))",
            // Ranges that are computed: their type is unknown.
            "licences.map(l, l).exists(l, l == 'food')",
            "[{'a': 1}][0].all(k, k == 'a')",
            // Inside a map literal or a call.
            "{'x': data.filter(k, true)}.size() == 1",
            "size(data.map(k, k)) == 2",
        ] {
            assert!(!ordered(&compile(text).unwrap()), "{text}");
        }
    }

    #[test]
    fn the_shared_context_knows_the_standard_library() {
        let program = compile("size(['a', 'b']) == 2 && 'x'.startsWith('x')").unwrap();
        assert_eq!(
            program.program.execute(&context()).unwrap(),
            Value::Bool(true)
        );
    }
}
