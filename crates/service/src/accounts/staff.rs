//! Staff accounts: creation, password login with lockout, password change
//! and the scoped reads of accounts.

use tongban_domain::auth::{Action, Actor, ObjectScope, Role};
use tongban_domain::ident::{Code, RegionCode};
use tongban_store::StaffRow;

use super::policy::{LOCKOUT, MAX_FAILED_LOGINS};
use super::session::staff_actor;
use super::types::{NewSession, NewStaff, StaffView};
use super::{AccountService, password, secret};
use crate::error::ServiceError;

/// Longest accepted display name, in characters.
const MAX_NAME_CHARS: usize = 50;

impl AccountService {
    /// Creates a staff account after checking every field against the
    /// catalog (the region and department must exist and lie on one
    /// branch) and the password rule; the password is stored argon2-hashed.
    pub async fn add_staff(&self, new: NewStaff) -> Result<StaffView, ServiceError> {
        check_username(&new.username)?;
        let display_name = check_name("display_name", &new.display_name)?;
        check_roles(&new.roles)?;
        self.check_placement(&new.department, &new.region).await?;
        password::check_strength(&new.password)?;
        let now = self.clock.now();
        let mut roles = new.roles.clone();
        roles.sort();
        roles.dedup();
        let row = StaffRow {
            username: new.username.clone(),
            display_name,
            password_hash: password::hash(&new.password).await?,
            department: new.department,
            region: new.region,
            roles,
            failed_attempts: 0,
            locked_until: None,
            created_at: now,
            password_changed_at: now,
        };
        self.store
            .insert_staff(&row)
            .await
            .map_err(ServiceError::store)?;
        tracing::info!(username = %row.username, "工作人员账号已创建");
        Ok(StaffView::of(row, now))
    }

    /// Logs a staff member in. Unknown usernames and wrong passwords get
    /// the same [`ServiceError::InvalidCredentials`] after the same argon2
    /// work; the fifth wrong password within the window locks the account,
    /// and a locked account refuses even the right password.
    pub async fn login_staff(
        &self,
        username: &str,
        password: &str,
    ) -> Result<NewSession, ServiceError> {
        let now = self.clock.now();
        let Some(row) = self
            .store
            .staff(username)
            .await
            .map_err(ServiceError::store)?
        else {
            password::verify_dummy(password).await?;
            // The typed name is not logged: it may be anything, even a phone.
            tracing::info!(code = "invalid_credentials", "登录失败：账号不存在");
            return Err(ServiceError::InvalidCredentials);
        };
        if row.locked_until.is_some_and(|until| until > now) {
            tracing::info!(username, code = "account_locked", "登录被拒：账号已锁定");
            return Err(ServiceError::AccountLocked);
        }
        if !password::verify(password, &row.password_hash).await? {
            return Err(self.count_wrong_password(username).await);
        }
        if !self
            .store
            .clear_failed_logins(username, now)
            .await
            .map_err(ServiceError::store)?
        {
            // Locked by concurrent wrong passwords since the check above.
            return Err(ServiceError::AccountLocked);
        }
        let actor = staff_actor(&row);
        self.begin_session(&row.username, actor, row.display_name)
            .await
    }

    /// Changes the actor's password and ends all of the actor's sessions,
    /// including the current one (the person signs in again). The old
    /// password must be right; wrong ones count towards the lockout.
    pub async fn change_password(
        &self,
        actor: &Actor,
        old: &str,
        new: &str,
    ) -> Result<(), ServiceError> {
        self.set_own_password(actor, None, old, new).await
    }

    /// Changes the actor's password and ends the actor's sessions except
    /// the one of `current_session_token`, which stays signed in.
    pub async fn change_password_keeping(
        &self,
        actor: &Actor,
        current_session_token: &str,
        old: &str,
        new: &str,
    ) -> Result<(), ServiceError> {
        let keep = secret::sha256_hex(current_session_token);
        self.set_own_password(actor, Some(&keep), old, new).await
    }

    async fn set_own_password(
        &self,
        actor: &Actor,
        keep: Option<&str>,
        old: &str,
        new: &str,
    ) -> Result<(), ServiceError> {
        let Some(username) = Self::staff_username(actor) else {
            return Err(ServiceError::InvalidAccount {
                field: "actor".into(),
                reason: "只有工作人员账号可以修改密码".into(),
            });
        };
        let now = self.clock.now();
        let row = self
            .store
            .staff(username)
            .await
            .map_err(ServiceError::store)?
            .ok_or(ServiceError::StaffNotFound)?;
        if row.locked_until.is_some_and(|until| until > now) {
            return Err(ServiceError::AccountLocked);
        }
        password::check_strength(new)?;
        if old == new {
            return Err(ServiceError::WeakPassword(
                "新密码不能与旧密码相同".to_string(),
            ));
        }
        if !password::verify(old, &row.password_hash).await? {
            return Err(self.count_wrong_password(username).await);
        }
        let hash = password::hash(new).await?;
        let changed = self
            .store
            .set_password(username, &hash, now, keep)
            .await
            .map_err(ServiceError::store)?;
        if !changed {
            return Err(ServiceError::StaffNotFound);
        }
        tracing::info!(actor = %actor.id, "密码已修改，其他会话已结束");
        Ok(())
    }

    /// Counts a wrong password and returns the error to answer with.
    async fn count_wrong_password(&self, username: &str) -> ServiceError {
        let now = self.clock.now();
        match self
            .store
            .record_failed_login(username, now, &LOCKOUT)
            .await
        {
            Ok(Some(failed)) if failed.locked_until.is_some_and(|until| until > now) => {
                tracing::warn!(
                    username,
                    attempts = failed.attempts,
                    max = MAX_FAILED_LOGINS,
                    "密码错误次数过多，账号已锁定"
                );
                ServiceError::AccountLocked
            }
            Ok(failed) => {
                let attempts = failed.map_or(0, |f| f.attempts);
                tracing::info!(
                    username,
                    attempts,
                    code = "invalid_credentials",
                    "登录失败：密码错误"
                );
                ServiceError::InvalidCredentials
            }
            Err(err) => ServiceError::store(err),
        }
    }

    /// One staff account, if the actor may read it. An account outside the
    /// actor's scope answers exactly like a missing one
    /// ([`ServiceError::StaffNotFound`]); an actor whose roles never read
    /// accounts is refused with [`ServiceError::Forbidden`] either way.
    pub async fn staff_account(
        &self,
        actor: &Actor,
        username: &str,
    ) -> Result<StaffView, ServiceError> {
        let row = self
            .store
            .staff(username)
            .await
            .map_err(ServiceError::store)?;
        let Some(row) = row else {
            if !Self::role_may(actor, Action::ReadStaff) {
                self.authorize(actor, Action::ReadStaff, &ObjectScope::default())?;
            }
            return Err(ServiceError::StaffNotFound);
        };
        let scope = ObjectScope::department(row.department.clone(), row.region.clone());
        match self.authorize(actor, Action::ReadStaff, &scope) {
            Ok(()) => Ok(StaffView::of(row, self.clock.now())),
            Err(ServiceError::Forbidden(denial)) if denial.hides_existence() => {
                Err(ServiceError::StaffNotFound)
            }
            Err(other) => Err(other),
        }
    }

    /// The staff of a department (its workbench's staff list). The gate
    /// uses the department's region from the catalog, so naming another
    /// region cannot widen the actor's reach; `region` must be that region.
    pub async fn department_staff(
        &self,
        actor: &Actor,
        department: &Code,
        region: &RegionCode,
    ) -> Result<Vec<StaffView>, ServiceError> {
        let actual = self
            .store
            .department_region(department.as_str())
            .await
            .map_err(ServiceError::store)?;
        let scope = ObjectScope {
            region: actual.clone(),
            department: Some(department.clone()),
            owner: None,
        };
        self.authorize(actor, Action::ReadDepartmentWork, &scope)?;
        if actual.as_ref() != Some(region) {
            return Err(ServiceError::InvalidParameter {
                name: "region".into(),
                reason: format!("部门“{department}”不属于地区“{region}”"),
            });
        }
        let now = self.clock.now();
        let rows = self
            .store
            .staff_of_department(department.as_str())
            .await
            .map_err(ServiceError::store)?;
        Ok(rows.into_iter().map(|r| StaffView::of(r, now)).collect())
    }

    /// The region and department must be in the catalog, and the
    /// department's region on the same branch as the account's region.
    async fn check_placement(
        &self,
        department: &Code,
        region: &RegionCode,
    ) -> Result<(), ServiceError> {
        let invalid = |field: &str, reason: String| ServiceError::InvalidAccount {
            field: field.into(),
            reason,
        };
        if !self
            .store
            .region_exists(region.as_str())
            .await
            .map_err(ServiceError::store)?
        {
            return Err(invalid(
                "region",
                format!("目录中没有地区“{region}”，请先导入地区或检查代码"),
            ));
        }
        let Some(dept_region) = self
            .store
            .department_region(department.as_str())
            .await
            .map_err(ServiceError::store)?
        else {
            return Err(invalid(
                "department",
                format!("目录中没有部门“{department}”，请先导入部门或检查编码"),
            ));
        };
        if !dept_region.is_within(region) && !region.is_within(&dept_region) {
            return Err(invalid(
                "department",
                format!(
                    "部门“{department}”属于地区“{dept_region}”，与账号地区“{region}”不在同一辖区"
                ),
            ));
        }
        Ok(())
    }
}

/// 3–64 characters of lower-case ASCII letters, digits, `.`, `_`, `-`,
/// beginning with a letter or digit.
fn check_username(username: &str) -> Result<(), ServiceError> {
    let ok = (3..=64).contains(&username.len())
        && username
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && username
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(ServiceError::InvalidAccount {
            field: "username".into(),
            reason: "应为3至64位小写英文字母、数字或“.”“_”“-”，以字母或数字开头".into(),
        })
    }
}

/// A trimmed, non-empty name of at most [`MAX_NAME_CHARS`] characters.
pub(super) fn check_name(field: &str, name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ServiceError::InvalidAccount {
            field: field.into(),
            reason: format!("不能为空，且不超过 {MAX_NAME_CHARS} 个字符"),
        });
    }
    Ok(name.to_string())
}

/// At least one role, and only staff roles.
fn check_roles(roles: &[Role]) -> Result<(), ServiceError> {
    if roles.is_empty() || roles.iter().any(|r| !r.is_staff()) {
        return Err(ServiceError::InvalidAccount {
            field: "roles".into(),
            reason: "至少需要一个工作人员角色；申请人和系统对接角色不能授予工作人员账号".into(),
        });
    }
    Ok(())
}
