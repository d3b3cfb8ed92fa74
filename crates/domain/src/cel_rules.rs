//! The one CEL mechanism behind guidance conditions and 秒批 review-point
//! rules: programs compiled once per process and contexts over one shared
//! standard library.
//!
//! Compiling a rule and building CEL's standard library cost far more than
//! evaluating it (together 8 % of a bundle submission's CPU before this
//! cache). Both depend only on the rule's text, so compiled programs are
//! memoised by text. The cache is bounded: past [`MAX_PROGRAMS`] distinct
//! texts it is emptied and refilled, so a catalog with many rules cannot
//! grow it without limit.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use cel::{Context, Env, Program};

/// Distinct rule texts kept compiled at most.
pub const MAX_PROGRAMS: usize = 4_096;

static STDLIB: LazyLock<Arc<Env>> = LazyLock::new(|| Arc::new(Env::stdlib()));

static PROGRAMS: LazyLock<Mutex<HashMap<String, Arc<Program>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// A fresh evaluation context with CEL's standard library and no
/// variables.
pub fn context() -> Context<'static, 'static> {
    Context::with_env(Arc::clone(&STDLIB))
}

/// The compiled program of `text`, from the cache or compiled now. A
/// parser panic (the parser has had some on odd input) is turned into an
/// error, as is a syntax error; errors are not cached.
pub fn compile(text: &str) -> Result<Arc<Program>, String> {
    if let Some(program) = cached(text) {
        return Ok(program);
    }
    let program = match std::panic::catch_unwind(|| Program::compile(text)) {
        Ok(Ok(program)) => Arc::new(program),
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("表达式无法解析".to_string()),
    };
    if let Ok(mut programs) = PROGRAMS.lock() {
        if programs.len() >= MAX_PROGRAMS {
            programs.clear();
        }
        programs.insert(text.to_string(), Arc::clone(&program));
    }
    Ok(program)
}

/// The cached program of `text`, if any. A poisoned lock (a panic while
/// inserting) only disables the cache.
fn cached(text: &str) -> Option<Arc<Program>> {
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
            assert_eq!(again.execute(&ctx).unwrap(), Value::Bool(expected));
        }
    }

    #[test]
    fn syntax_errors_are_reported_and_not_cached() {
        assert!(compile("age >=").is_err());
        assert!(cached("age >=").is_none());
    }

    #[test]
    fn the_shared_context_knows_the_standard_library() {
        let program = compile("size(['a', 'b']) == 2 && 'x'.startsWith('x')").unwrap();
        assert_eq!(program.execute(&context()).unwrap(), Value::Bool(true));
    }
}
