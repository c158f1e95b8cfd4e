//! The meeting change feed: every committed unit of work that touched a meeting announces it,
//! so live views (the web crate's hub) can refresh within a second.
//!
//! The hook is where audit events are recorded ([`UnitOfWork`](crate::UnitOfWork)'s `audit`):
//! every `meeting.*` action names the meeting it changed, so no repository method, present or
//! future, can write a meeting without announcing it. On commit the unit sends each meeting
//! once on this server's [`broadcast`] channel; on PostgreSQL it also `NOTIFY`s
//! [`CHANNEL`] inside the transaction (delivered only if the commit succeeds), and the store's
//! listener forwards what *other* servers announced (a server skips its own, by instance id).
//! A rolled-back unit announces nothing.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};

use chibo_domain::MeetingId;
use tokio::sync::broadcast;

use crate::db::{q_exec, Conn};

/// The PostgreSQL channel of meeting changes.
pub(crate) const CHANNEL: &str = "chibo_meeting";

/// How many changes a slow subscriber may fall behind before it sees
/// [`broadcast::error::RecvError::Lagged`] (and should then refresh everything it shows).
const CAPACITY: usize = 1024;

/// What a subscriber of [`Store::meeting_changes`](crate::Store::meeting_changes) hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingChange {
    /// A committed unit of work changed this meeting (here or on another server).
    Meeting(MeetingId),
    /// Changes by other servers may have been missed (the PostgreSQL listener lost its
    /// connection and listens again): refresh every meeting shown.
    Unknown,
}

#[derive(Debug)]
pub(crate) struct MeetingFeed {
    sender: broadcast::Sender<MeetingChange>,
    /// Tells this server's notifications from other servers'.
    instance: String,
}

impl Default for MeetingFeed {
    fn default() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let instance = format!(
            "{}-{nanos:x}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Self {
            sender: broadcast::channel(CAPACITY).0,
            instance,
        }
    }
}

impl MeetingFeed {
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<MeetingChange> {
        self.sender.subscribe()
    }

    /// Announces committed changes on this server (no subscriber is not an error).
    pub(crate) fn announce(&self, meetings: &BTreeSet<MeetingId>) {
        for id in meetings {
            let _ = self.sender.send(MeetingChange::Meeting(*id));
        }
    }

    pub(crate) fn announce_unknown(&self) {
        let _ = self.sender.send(MeetingChange::Unknown);
    }

    /// `instance:id,id,…`
    fn payload(&self, meetings: &BTreeSet<MeetingId>) -> String {
        let ids: Vec<String> = meetings.iter().map(|m| m.0.to_string()).collect();
        format!("{}:{}", self.instance, ids.join(","))
    }

    /// The meetings another server announced; nothing for this server's own notifications
    /// (they were announced locally at commit) or a payload that does not parse.
    pub(crate) fn parse_foreign(&self, payload: &str) -> Vec<MeetingId> {
        match payload.rsplit_once(':') {
            Some((instance, ids)) if instance != self.instance => ids
                .split(',')
                .filter_map(|s| s.parse::<i64>().ok())
                .map(MeetingId)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Received from the listener: forwards another server's changes.
    pub(crate) fn forward(&self, payload: &str) {
        for id in self.parse_foreign(payload) {
            let _ = self.sender.send(MeetingChange::Meeting(id));
        }
    }

    /// Tells the other servers, inside the committing transaction. Nothing to do on SQLite
    /// (one server per database file).
    pub(crate) async fn notify_in_tx(
        &self,
        conn: &mut Conn<'_>,
        meetings: &BTreeSet<MeetingId>,
    ) -> crate::Result<()> {
        if let Conn::Postgres(..) = conn {
            q_exec!(
                conn,
                "SELECT pg_notify($1, $2)",
                CHANNEL,
                self.payload(meetings)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_server_ignores_its_own_notifications_and_reads_others() {
        let here = MeetingFeed::default();
        let there = MeetingFeed::default();
        let ids: BTreeSet<MeetingId> = [MeetingId(3), MeetingId(12)].into();
        assert!(here.parse_foreign(&here.payload(&ids)).is_empty());
        assert_eq!(
            here.parse_foreign(&there.payload(&ids)),
            vec![MeetingId(3), MeetingId(12)]
        );
        assert!(here.parse_foreign("garbage").is_empty());
    }
}
