//! The rest of the yearly reauthorization (D22): what Microsoft checks in
//! the anniversary month besides revenue, which no data file shows.
//!
//! The user confirms each item per tenant (ticks in the app, or yes/no
//! columns of the register). The revenue status never depends on them: an
//! item not confirmed is "to confirm before" the evaluation (or, for a
//! deauthorized tenant, before re-enrollment).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One requirement of the yearly reauthorization besides revenue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    /// Active Microsoft AI Cloud Partner Program membership with a PLA ID
    /// for the tenant's location.
    PartnerIdActive,
    /// Endorsement: the authority to sign Microsoft's agreements.
    Endorsement,
    /// Partner Center security score: MFA for all admin users.
    MfaAllAdmins,
    /// Partner Center security score: a security contact.
    SecurityContact,
}

impl Requirement {
    /// Every requirement, in the order shown.
    pub const ALL: [Requirement; 4] =
        [Requirement::PartnerIdActive, Requirement::Endorsement, Requirement::MfaAllAdmins, Requirement::SecurityContact];

    /// The register column (and JSON key) of this requirement.
    pub fn column(self) -> &'static str {
        match self {
            Requirement::PartnerIdActive => "partner_id_active",
            Requirement::Endorsement => "endorsement",
            Requirement::MfaAllAdmins => "mfa_all_admins",
            Requirement::SecurityContact => "security_contact",
        }
    }

    /// The requirement in English (the CLI's and the exports' words).
    pub fn describe(self) -> &'static str {
        match self {
            Requirement::PartnerIdActive => "Partner program membership active, with a PLA ID for the location",
            Requirement::Endorsement => "Endorsement (authority to sign Microsoft's agreements)",
            Requirement::MfaAllAdmins => "MFA for all admin users",
            Requirement::SecurityContact => "A security contact in Partner Center",
        }
    }
}

/// What the user has confirmed for one tenant: per requirement yes, no, or
/// not said (`None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Readiness {
    /// [`Requirement::PartnerIdActive`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partner_id_active: Option<bool>,
    /// [`Requirement::Endorsement`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<bool>,
    /// [`Requirement::MfaAllAdmins`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_all_admins: Option<bool>,
    /// [`Requirement::SecurityContact`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_contact: Option<bool>,
}

impl Readiness {
    /// What was said of `item`.
    pub fn get(&self, item: Requirement) -> Option<bool> {
        match item {
            Requirement::PartnerIdActive => self.partner_id_active,
            Requirement::Endorsement => self.endorsement,
            Requirement::MfaAllAdmins => self.mfa_all_admins,
            Requirement::SecurityContact => self.security_contact,
        }
    }

    /// Sets what is said of `item`.
    pub fn set(&mut self, item: Requirement, value: Option<bool>) {
        match item {
            Requirement::PartnerIdActive => self.partner_id_active = value,
            Requirement::Endorsement => self.endorsement = value,
            Requirement::MfaAllAdmins => self.mfa_all_admins = value,
            Requirement::SecurityContact => self.security_contact = value,
        }
    }

    /// What `self` says, and where it says nothing, what `other` says (a
    /// register loaded over ticks typed by hand).
    pub fn or(self, other: Readiness) -> Readiness {
        let mut r = self;
        for item in Requirement::ALL {
            r.set(item, self.get(item).or(other.get(item)));
        }
        r
    }

    /// True when nothing has been said (the register's JSON leaves it out).
    pub fn is_empty(&self) -> bool {
        Requirement::ALL.iter().all(|r| self.get(*r).is_none())
    }
}

/// One item of a tenant's checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReadinessItem {
    /// The requirement.
    pub item: Requirement,
    /// Yes, no, or not said.
    pub confirmed: Option<bool>,
}

/// A tenant's checklist beside its revenue status (never changing it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadinessCheck {
    /// Every requirement with what was said of it.
    pub items: [ReadinessItem; 4],
    /// How many are not confirmed (said "no" or not said).
    pub to_confirm: usize,
    /// The date they are needed by: the next evaluation, or for a
    /// deauthorized tenant the re-enrollment date.
    pub confirm_before: Option<NaiveDate>,
}

impl ReadinessCheck {
    /// The checklist of `readiness`, needed by `before`.
    pub fn of(readiness: &Readiness, before: Option<NaiveDate>) -> ReadinessCheck {
        let items = Requirement::ALL.map(|r| ReadinessItem { item: r, confirmed: readiness.get(r) });
        let to_confirm = items.iter().filter(|i| i.confirmed != Some(true)).count();
        ReadinessCheck { items, to_confirm, confirm_before: before }
    }
}

/// Reads a register's yes/no cell (English and German words, Excel's
/// TRUE/FALSE, 1/0, a tick `x`): `Some(None)` for blank ("not said"),
/// `None` for anything else (a rejection naming the cell).
pub fn parse_yes_no(text: &str) -> Option<Option<bool>> {
    let t = text.trim().trim_start_matches('\'').trim().to_lowercase();
    match t.as_str() {
        "" => Some(None),
        "yes" | "y" | "ja" | "j" | "true" | "wahr" | "1" | "x" | "✓" | "✔" => Some(Some(true)),
        "no" | "n" | "nein" | "false" | "falsch" | "0" => Some(Some(false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_no_cells_in_both_languages() {
        for yes in ["yes", "Y", "ja", "TRUE", "WAHR", "1", "x", "'yes"] {
            assert_eq!(parse_yes_no(yes), Some(Some(true)), "{yes}");
        }
        for no in ["no", "N", "Nein", "FALSE", "falsch", "0"] {
            assert_eq!(parse_yes_no(no), Some(Some(false)), "{no}");
        }
        assert_eq!(parse_yes_no("  "), Some(None));
        assert_eq!(parse_yes_no("maybe"), None);
    }

    #[test]
    fn no_and_unsaid_both_remain_to_confirm() {
        let r = Readiness { partner_id_active: Some(true), endorsement: Some(false), ..Readiness::default() };
        let before = NaiveDate::from_ymd_opt(2027, 3, 1);
        let check = ReadinessCheck::of(&r, before);
        assert_eq!((check.to_confirm, check.confirm_before), (3, before));
        assert_eq!(check.items[0], ReadinessItem { item: Requirement::PartnerIdActive, confirmed: Some(true) });
        assert_eq!(check.items[1].confirmed, Some(false));
        let all =
            Readiness { partner_id_active: Some(true), endorsement: Some(true), mfa_all_admins: Some(true), security_contact: Some(true) };
        assert_eq!(ReadinessCheck::of(&all, before).to_confirm, 0);
        assert!(Readiness::default().is_empty() && !all.is_empty());
        // The register's word first, the typed tick where it says nothing.
        let typed = Readiness { endorsement: Some(true), security_contact: Some(true), ..Readiness::default() };
        let merged = r.or(typed);
        assert_eq!(
            (merged.partner_id_active, merged.endorsement, merged.mfa_all_admins, merged.security_contact),
            (Some(true), Some(false), None, Some(true))
        );
    }
}
