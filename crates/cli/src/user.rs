//! `tongban user add`: creates a staff account from the command line.
//!
//! The password comes from `TONGBAN_PASSWORD` or, when unset, from one line
//! of standard input, so it never appears in the process list or history.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use tongban_domain::auth::Role;
use tongban_domain::ident::{Code, RegionCode};
use tongban_service::{AccountService, LogSms, NewStaff, SystemClock};

use crate::args::UserAddArgs;
use crate::db;
use crate::failure::Failure;

/// The environment variable holding the new account's password.
pub const PASSWORD_VAR: &str = "TONGBAN_PASSWORD";

/// Checks the arguments, reads the password and creates the account.
pub async fn add(args: &UserAddArgs) -> Result<(), Failure> {
    let roles = args
        .roles
        .iter()
        .map(|code| parse_role(code))
        .collect::<Result<Vec<_>, _>>()?;
    let region = RegionCode::parse(&args.region)
        .map_err(|e| Failure::new(e.message, format!("invalid region [{}]", e.code)))?;
    let department = Code::parse(&args.department)
        .map_err(|e| Failure::new(e.message, format!("invalid department [{}]", e.code)))?;
    let password = read_password()?;
    let url = db::url_of(&args.db)?;
    let store = Arc::new(db::open(&url).await?);
    let accounts = AccountService::new(store, Arc::new(LogSms), Arc::new(SystemClock));
    let view = accounts
        .add_staff(NewStaff {
            username: args.username.clone(),
            display_name: args.name.clone(),
            password,
            department,
            region,
            roles,
        })
        .await?;
    let labels: Vec<&str> = view.roles.iter().map(|r| r.label()).collect();
    println!(
        "已创建工作人员账号 / staff account created: {}（{}，{}，{}，{}）",
        view.username,
        view.display_name,
        labels.join("、"),
        view.region,
        view.department
    );
    Ok(())
}

/// A staff role by its code; anything else is refused with the choices.
fn parse_role(code: &str) -> Result<Role, Failure> {
    match Role::parse(code) {
        Some(role) if role.is_staff() => Ok(role),
        _ => {
            let choices: Vec<String> = Role::ALL
                .into_iter()
                .filter(|r| r.is_staff())
                .map(|r| format!("{}（{}）", r.code(), r.label()))
                .collect();
            Err(Failure::new(
                format!("未知的工作人员角色“{code}”：可选 {}", choices.join("、")),
                "unknown staff role",
            ))
        }
    }
}

/// The password from [`PASSWORD_VAR`], or one line of standard input.
fn read_password() -> Result<String, Failure> {
    if let Ok(password) = std::env::var(PASSWORD_VAR) {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("请输入新账号的密码（输入内容会显示）/ password: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::new(format!("无法读取密码：{e}"), "cannot read the password"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err(Failure::new(
            format!("未提供密码：请设置环境变量 {PASSWORD_VAR} 或在标准输入中输入"),
            "no password given",
        ));
    }
    Ok(password)
}
