//! Clients: the table, its search index, and the Store methods that read and change them.

use cordon_core::{Client, ClientId, ClientInput, ClientSummary, Invalid, Logo};
use rusqlite::{OptionalExtension as _, Transaction, params};
use serde_json::Value;

use crate::Store;
use crate::error::{StoreError, damaged};
use crate::oplog::{Change, Projection, changed_fields, merged};
use crate::search::fts_query;

pub(crate) struct ClientTable;

impl Projection for ClientTable {
    const ENTITY: &'static str = "client";

    fn apply(tx: &Transaction<'_>, entity_id: &str, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Upsert(fields) => {
                let client: Client =
                    merged(load_doc(tx, entity_id)?, fields, Self::ENTITY, entity_id)?;
                save_row(tx, &client)?;
                if fields.contains_key("name") {
                    crate::exercises::reindex_client_exercises(tx, entity_id)?;
                }
                Ok(())
            }
            Change::Delete => {
                let n: Option<i64> = tx
                    .query_row("SELECT n FROM clients WHERE id = ?1", [entity_id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                if let Some(n) = n {
                    tx.execute("DELETE FROM clients_search WHERE rowid = ?1", [n])?;
                    tx.execute("DELETE FROM clients WHERE n = ?1", [n])?;
                }
                crate::search::remove(tx, entity_id)?;
                Ok(())
            }
            Change::Append(_) => Err(StoreError::NotAppendOnly {
                entity: Self::ENTITY.into(),
            }),
        }
    }
}

/// The stored record as JSON with the logo put back in, which is what ops are merged onto.
pub(crate) fn load_doc(tx: &Transaction<'_>, id: &str) -> Result<Option<Value>, StoreError> {
    let row = tx
        .query_row(
            "SELECT doc, logo_media_type, logo FROM clients WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<Vec<u8>>>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((doc, media_type, data)) = row else {
        return Ok(None);
    };
    let mut client: Client =
        serde_json::from_str(&doc).map_err(damaged(format_args!("client {id}")))?;
    if let (Some(media_type), Some(data)) = (media_type, data) {
        client.branding.logo = Some(Logo { media_type, data });
    }
    Ok(Some(to_json(&client)))
}

fn save_row(tx: &Transaction<'_>, client: &Client) -> Result<(), StoreError> {
    let mut doc = client.clone();
    let logo = doc.branding.logo.take();
    let id = client.id.to_string();
    tx.execute(
        "INSERT INTO clients (id, name, archived_at, updated_at, doc, logo_media_type, logo)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, archived_at = excluded.archived_at,
           updated_at = excluded.updated_at, doc = excluded.doc,
           logo_media_type = excluded.logo_media_type, logo = excluded.logo",
        params![
            id,
            client.name,
            client.archived_at.map(|t| t.to_rfc3339()),
            client.updated_at.to_rfc3339(),
            to_json(&doc).to_string(),
            logo.as_ref().map(|l| l.media_type.as_str()),
            logo.as_ref().map(|l| l.data.as_slice()),
        ],
    )?;
    let n: i64 = tx.query_row("SELECT n FROM clients WHERE id = ?1", [&id], |r| r.get(0))?;
    tx.execute("DELETE FROM clients_search WHERE rowid = ?1", [n])?;
    tx.execute(
        "INSERT INTO clients_search (rowid, name, detail) VALUES (?1, ?2, ?3)",
        params![n, client.name, search_detail(client)],
    )?;
    crate::search::index(
        tx,
        cordon_core::search::HitKind::Client,
        &id,
        client.id,
        &client.name,
        &format!("{} {}", search_detail(client), client.contract_terms),
    )
}

/// Everything besides the name that a person might type to find a client.
fn search_detail(c: &Client) -> String {
    let mut words: Vec<String> = Vec::new();
    words.extend(c.sectors.iter().map(|s| s.label().to_owned()));
    words.extend(c.jurisdictions.iter().map(|j| j.to_string()));
    for contact in &c.contacts {
        words.extend([
            contact.name.clone(),
            contact.role.clone(),
            contact.email.clone(),
        ]);
    }
    if let Some(i) = &c.insurer {
        words.push(i.name.clone());
    }
    words.join(" ")
}

fn to_json(client: &Client) -> Value {
    // Serialising a plain data struct cannot fail; a failure here is a bug worth a panic in tests.
    serde_json::to_value(client).unwrap_or(Value::Null)
}

/// Turns what was typed into an FTS5 prefix query: every word must match the start of a word.
/// Each word is quoted, so FTS5 syntax characters in user input are just text.
impl Store {
    pub fn create_client(&self, input: ClientInput) -> Result<Client, StoreError> {
        self.write(|w| {
            let client = Client::create(ClientId::from_uuid(w.new_id()), input, w.now())?;
            ensure_unique_name(&w.tx, &client)?;
            w.record::<ClientTable>(
                &client.id.to_string(),
                Change::Upsert(changed_fields(ClientTable::ENTITY, None, &to_json(&client))),
            )?;
            Ok(client)
        })
    }

    pub fn update_client(&self, id: ClientId, input: ClientInput) -> Result<Client, StoreError> {
        self.change_client(id, |c, now| c.edited(input, now))
    }

    pub fn archive_client(&self, id: ClientId) -> Result<Client, StoreError> {
        self.change_client(id, |c, now| Ok(c.archived(now)))
    }

    pub fn restore_client(&self, id: ClientId) -> Result<Client, StoreError> {
        self.change_client(id, |c, now| Ok(c.restored(now)))
    }

    fn change_client(
        &self,
        id: ClientId,
        edit: impl FnOnce(&Client, chrono::DateTime<chrono::Utc>) -> Result<Client, Invalid>,
    ) -> Result<Client, StoreError> {
        self.write(|w| {
            let old_doc = load_doc(&w.tx, &id.to_string())?.ok_or_else(|| not_found(id))?;
            let old: Client = serde_json::from_value(old_doc.clone())
                .map_err(damaged(format_args!("client {id}")))?;
            let new = edit(&old, w.now())?;
            ensure_unique_name(&w.tx, &new)?;
            let fields = changed_fields(ClientTable::ENTITY, Some(&old_doc), &to_json(&new));
            // updated_at alone changing is not a change worth an operation.
            if fields.keys().any(|k| k != "updated_at") {
                w.record::<ClientTable>(&id.to_string(), Change::Upsert(fields))?;
                Ok(new)
            } else {
                Ok(old)
            }
        })
    }

    pub fn client(&self, id: ClientId) -> Result<Client, StoreError> {
        self.read(|conn| {
            let tx = conn.unchecked_transaction()?;
            let doc = load_doc(&tx, &id.to_string())?.ok_or_else(|| not_found(id))?;
            serde_json::from_value(doc).map_err(damaged(format_args!("client {id}")))
        })
    }

    /// Clients whose name or details start with what was typed, by name.
    pub fn list_clients(
        &self,
        query: &str,
        include_archived: bool,
    ) -> Result<Vec<ClientSummary>, StoreError> {
        self.read(|conn| {
            let fts = fts_query(query);
            let mut stmt = conn.prepare_cached(
                "SELECT c.doc, c.logo IS NOT NULL FROM clients c
                 WHERE (?1 IS NULL OR c.n IN (SELECT rowid FROM clients_search WHERE clients_search MATCH ?1))
                   AND (?2 OR c.archived_at IS NULL)
                 ORDER BY c.name COLLATE NOCASE, c.id",
            )?;
            let rows = stmt.query_map(params![fts, include_archived], |r| r.get::<_, String>(0))?;
            rows.map(|doc| {
                let client: Client = serde_json::from_str(&doc?).map_err(damaged("a client"))?;
                Ok(ClientSummary::of(&client))
            })
            .collect()
        })
    }

    pub fn client_count(&self) -> Result<u32, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT count(*) FROM clients WHERE archived_at IS NULL",
                [],
                |r| r.get(0),
            )?)
        })
    }
}

fn ensure_unique_name(tx: &Transaction<'_>, client: &Client) -> Result<(), StoreError> {
    let clash: Option<String> = tx
        .query_row(
            "SELECT name FROM clients WHERE name = ?1 COLLATE NOCASE AND id != ?2",
            params![client.name, client.id.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match clash {
        Some(existing) => Err(Invalid::one(
            "name",
            format!("a client named '{existing}' already exists; open it instead, or add a word that tells them apart (a city or division)"),
        )
        .into()),
        None => Ok(()),
    }
}

fn not_found(id: ClientId) -> StoreError {
    StoreError::NotFound {
        entity: "client",
        id: id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn search_words_become_quoted_prefixes() {
        assert_eq!(fts_query("harb den").as_deref(), Some("\"harb\"* \"den\"*"));
        assert_eq!(fts_query("  \"OR* -").as_deref(), Some("\"OR\"*"));
        assert_eq!(fts_query(" - "), None);
    }
}
