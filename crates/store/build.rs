//! Rebuilds the crate when a migration file changes, since `sqlx::migrate!`
//! embeds them at compile time.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
