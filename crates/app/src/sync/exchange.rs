//! The exchange itself: one sync is fetch keys, make scopes (admin), re-key after a
//! revocation (admin), push what the server lacks per (scope, device), send the evidence files
//! it lacks, pull per scope what this laptop lacks, fetch the files its records name. Split
//! from `sync` (joining, approving, the team's keys) because a sync's steps read best together.

use super::*;

impl Workspace {
    /// Push what the server lacks, pull what this laptop lacks.
    pub fn sync(&self) -> Result<SyncReport, AppError> {
        self.sync_with(&mut |_| {})
    }

    /// As `sync`, telling `progress` the share done (0.0–1.0) as batches go and come.
    pub fn sync_with(&self, progress: &mut dyn FnMut(f64)) -> Result<SyncReport, AppError> {
        let s = self.session()?;
        let done = self.sync_session(&s, progress);
        let at = self.stamp();
        match &done {
            Ok((_, status)) => self.with(|st| st.record_sync(&at, None, Some(status)))?,
            Err(e) => self.with(|st| st.record_sync(&at, Some(&e.message), None))?,
        }
        done.map(|(report, _)| report)
    }

    fn sync_session(
        &self,
        s: &Session,
        progress: &mut dyn FnMut(f64),
    ) -> Result<(SyncReport, Seen), AppError> {
        let mut report = SyncReport::default();
        self.fetch_keys(s)?;
        // Read once: making scope keys adds no ops, so the push sees the same streams.
        let streams = self.with(|st| st.streams())?;
        self.create_scopes(s, &streams)?;
        // New scopes and new epochs are stored here as they are made: no second fetch.
        report.rekeyed = self.rekey_revoked(s)?;
        let keyring = self.with(Keyring::load)?;
        let team = keyring.team()?;
        let mut status = s.remote.status()?;
        for attempt in 0.. {
            match self.push(s, &keyring, &streams, &status, &mut report, progress) {
                Ok(()) => break,
                // Another laptop pushed the same device's ops meanwhile: read again, go on.
                Err(SyncError::Server { code, .. }) if code == "overlap" && attempt < 3 => {
                    status = s.remote.status()?
                }
                Err(e) => return Err(e.into()),
            }
        }
        let status = s.remote.status()?;
        self.push_files(s, &keyring, team, &status, &mut report)?;
        self.pull(s, &keyring, team, &status, &mut report, progress)?;
        self.pull_files(s, &keyring, team, &status, &mut report)?;
        // Read after the push, so it counts this laptop's own changes as on the server.
        let seen = status
            .scopes
            .into_iter()
            .map(|(sid, st)| (sid, st.devices))
            .collect();
        progress(1.0);
        Ok((report, seen))
    }

    /// Seals and pushes, per (scope, device), the ops above the seq the server holds. The log
    /// is read once per device in seq order and dealt out to its scopes: reading it scope by
    /// scope jumps across the whole table, and past the page cache (64 MiB) every op cost a
    /// page read and decryption of its own (a 106k-op upload took 14 s that way, 4x longer).
    fn push(
        &self,
        s: &Session,
        keyring: &Keyring,
        streams: &[Stream],
        status: &api::Status,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(f64),
    ) -> Result<(), SyncError> {
        let team = keyring.team().map_err(|e| SyncError::Protocol(e.message))?;
        let mut open: BTreeMap<(String, String), Outgoing<'_>> = BTreeMap::new();
        let mut start: BTreeMap<String, i64> = BTreeMap::new();
        let mut not_shared = BTreeSet::new();
        let mut total = 0i64;
        for (scope, device, max) in streams.iter().cloned() {
            let sid = keys::scope_id(team, &scope);
            let Some(ss) = status.scopes.get(&sid) else {
                not_shared.insert(scope);
                continue;
            };
            let key = keyring.get(&sid, ss.epoch).ok_or_else(|| {
                SyncError::Sealed("this device lacks the newest key of a client it is assigned; run `cordon sync` again, and if it persists ask your admin to sync".into())
            })?;
            let held = ss.devices.get(&device).copied().unwrap_or(0);
            if held >= max {
                continue;
            }
            total += max - held;
            let from = start.entry(device.clone()).or_insert(held);
            *from = (*from).min(held);
            open.insert(
                (scope, device),
                Outgoing {
                    sid,
                    epoch: ss.epoch,
                    key,
                    held,
                    prev: held,
                    first: 0,
                    last: 0,
                    count: 0,
                    plain: Vec::new(),
                },
            );
        }
        let mut out = Pending::default();
        let mut sent = 0i64;
        for (device, from) in start {
            let mut after = from;
            loop {
                let page = self
                    .with(|st| st.device_lines(&device, after, READ_PAGE))
                    .map_err(app_to_sync)?;
                let Some(last) = page.last() else { break };
                after = last.1;
                for (scope, seq, line) in page {
                    let Some(o) = open.get_mut(&(scope, device.clone())) else {
                        continue;
                    };
                    if seq <= o.held {
                        continue;
                    }
                    if o.count == 0 {
                        o.first = seq;
                    }
                    o.plain.extend_from_slice(line.as_bytes());
                    o.plain.push(b'\n');
                    o.last = seq;
                    o.count += 1;
                    if o.count as usize >= BATCH_OPS {
                        out.add(self, s, o.seal(&s.account.team, &device)?, report)?;
                    }
                    sent += 1;
                }
                progress(0.5 * sent as f64 / total.max(1) as f64);
            }
        }
        for ((_, device), o) in open.iter_mut() {
            if o.count > 0 {
                out.add(self, s, o.seal(&s.account.team, device)?, report)?;
            }
        }
        out.flush(self, s)?;
        not_shared.remove("workspace");
        report.not_shared = not_shared.into_iter().collect();
        Ok(())
    }

    /// Evidence files this laptop holds that the server lacks (or lacks chunks of), each chunk
    /// sealed under its client's current key: a broken upload resumes at the missing chunks.
    fn push_files(
        &self,
        s: &Session,
        keyring: &Keyring,
        team: &SecretKey,
        status: &api::Status,
        report: &mut SyncReport,
    ) -> Result<(), AppError> {
        for f in self
            .with(|st| st.evidence_files())?
            .into_iter()
            .filter(|f| f.here)
        {
            let sid = keys::scope_id(team, &f.scope);
            let Some(ss) = status.scopes.get(&sid) else {
                continue;
            };
            let Some(key) = keyring.get(&sid, ss.epoch) else {
                continue;
            };
            let blob = keys::blob_id(team, &f.sha256);
            let held = s.remote.blob(&sid, &blob)?;
            let Some(data) = self.with(|st| st.blob(&f.sha256))? else {
                continue;
            };
            let total = data.len().div_ceil(wire::CHUNK).max(1) as u32;
            if held.total == total && held.present.len() == total as usize {
                continue;
            }
            for i in (0..total).filter(|i| !held.present.contains(i)) {
                let part = &data[(i as usize * wire::CHUNK).min(data.len())
                    ..((i as usize + 1) * wire::CHUNK).min(data.len())];
                let sealed =
                    wire::seal_chunk(key, ss.epoch, &blob, i, total, part, *random::<24>()?);
                s.remote.put_chunk(&sid, &blob, i, total, &sealed)?;
            }
            report.files_sent += 1;
        }
        Ok(())
    }

    /// Evidence files whose records arrived without them: fetched, opened, checked against the
    /// hash their record names, and kept. A file the server does not hold whole yet waits.
    fn pull_files(
        &self,
        s: &Session,
        keyring: &Keyring,
        team: &SecretKey,
        status: &api::Status,
        report: &mut SyncReport,
    ) -> Result<(), AppError> {
        for f in self
            .with(|st| st.evidence_files())?
            .into_iter()
            .filter(|f| !f.here)
        {
            let sid = keys::scope_id(team, &f.scope);
            if !status.scopes.contains_key(&sid) {
                continue;
            }
            let blob = keys::blob_id(team, &f.sha256);
            let held = s.remote.blob(&sid, &blob)?;
            if held.total == 0 || held.present.len() < held.total as usize {
                report.files_waiting += 1;
                continue;
            }
            let mut data = Vec::new();
            for i in 0..held.total {
                let sealed = s.remote.chunk(&sid, &blob, i)?;
                let epoch = wire::chunk_epoch(&sealed).unwrap_or(0);
                let key = keyring.get(&sid, epoch).ok_or_else(|| {
                    AppError::from(SyncError::Sealed(format!("a file is sealed under key epoch {epoch} of a client this device holds no key for; run `cordon sync` again")))
                })?;
                data.extend(wire::open_chunk(key, &blob, i, held.total, &sealed)?);
            }
            self.with(|st| st.put_blob(&f.sha256, &data))?;
            report.files_received += 1;
        }
        Ok(())
    }

    /// A batch this laptop just pushed need not come back: when it directly follows the last
    /// batch pulled in its scope, the pull cursor moves over it.
    fn pushed(&self, done: api::Pushed) -> Result<(), SyncError> {
        for b in done.numbers {
            self.with(|st| st.skip_pulled(&b.scope, b.prev, b.n))
                .map_err(app_to_sync)?;
        }
        Ok(())
    }

    fn pull(
        &self,
        s: &Session,
        keyring: &Keyring,
        team: &SecretKey,
        status: &api::Status,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(f64),
    ) -> Result<(), AppError> {
        let total: i64 = status
            .scopes
            .values()
            .map(|ss| ss.newest)
            .sum::<i64>()
            .max(1);
        let mut done = 0i64;
        for (sid, ss) in &status.scopes {
            loop {
                let after = self.with(|st| st.pulled(sid))?;
                if after >= ss.newest {
                    break;
                }
                let n = s.remote.pull(sid, after, PULL_PAGE, |(number, frame)| {
                    let key = keyring.get(sid, frame.header.epoch).ok_or_else(|| {
                        SyncError::Sealed(format!("a batch is sealed under key epoch {} of a client this device holds no key for; run `cordon sync` again", frame.header.epoch))
                    })?;
                    if frame.header.scope != *sid {
                        return Err(SyncError::Protocol("the server sent a batch of another scope than asked; nothing of it was applied".into()));
                    }
                    let plain = wire::open(&frame, key)?;
                    let ops = parse_ops(&plain, &frame.header, team, sid)?;
                    let got = self.with(|st| st.ingest_pulled(&ops, sid, number)).map_err(app_to_sync)?;
                    report.pulled += got.new;
                    report.known += got.known;
                    report.waiting = got.waiting;
                    for c in got.clocks_ahead {
                        let w = format!("device {} stamps its changes {} minutes ahead of this computer's clock; set that device's date and time right", c.device, c.ahead_ms / 60_000);
                        if !report.warnings.contains(&w) {
                            report.warnings.push(w);
                        }
                    }
                    done += 1;
                    progress(0.5 + 0.5 * (done as f64 / total as f64).min(1.0));
                    Ok(())
                })?;
                if n == 0 {
                    break;
                }
            }
        }
        Ok(())
    }

    /// Waits up to `timeout` for the server to hold a batch numbered above `after` in this
    /// device's scopes (a long-poll); answers the newest number, `after` when nothing came.
    /// Pass 0 to learn the newest number at once.
    pub fn sync_wait(&self, after: i64, timeout: std::time::Duration) -> Result<i64, AppError> {
        let s = self.session()?;
        Ok(s.remote.wait(after, timeout)?)
    }
}

/// Ops of one (scope, device) on their way into a sealed batch.
struct Outgoing<'k> {
    sid: String,
    epoch: u32,
    key: &'k SecretKey,
    /// The last seq the server holds: ops at or below it are not sent.
    held: i64,
    /// The last seq sealed so far (what the next batch follows).
    prev: i64,
    first: i64,
    last: i64,
    count: u32,
    plain: Vec<u8>,
}

impl Outgoing<'_> {
    fn seal(&mut self, team: &str, device: &str) -> Result<wire::Frame, SyncError> {
        let header = BatchHeader {
            v: PROTOCOL,
            team: team.to_owned(),
            scope: self.sid.clone(),
            device: device.to_owned(),
            first_seq: self.first,
            last_seq: self.last,
            prev_last_seq: self.prev,
            epoch: self.epoch,
            count: self.count,
        };
        let nonce = random::<24>().map_err(|e| SyncError::Protocol(e.message))?;
        let frame = wire::seal(self.key, &header, &self.plain, *nonce)?;
        self.prev = self.last;
        self.count = 0;
        self.plain.clear();
        Ok(frame)
    }
}

/// Sealed batches waiting to go, sent once they reach `PUSH_BYTES`.
#[derive(Default)]
struct Pending {
    frames: Vec<wire::Frame>,
    bytes: usize,
}

impl Pending {
    fn add(
        &mut self,
        ws: &Workspace,
        s: &Session,
        frame: wire::Frame,
        report: &mut SyncReport,
    ) -> Result<(), SyncError> {
        report.pushed += frame.header.count as usize;
        report.batches += 1;
        self.bytes += frame.bytes.len();
        self.frames.push(frame);
        if self.bytes >= PUSH_BYTES {
            self.flush(ws, s)?;
        }
        Ok(())
    }

    fn flush(&mut self, ws: &Workspace, s: &Session) -> Result<(), SyncError> {
        if !self.frames.is_empty() {
            ws.pushed(s.remote.push(&self.frames)?)?;
            self.frames.clear();
            self.bytes = 0;
        }
        Ok(())
    }
}

fn app_to_sync(e: AppError) -> SyncError {
    SyncError::Protocol(e.message)
}

/// The ops of an opened batch, each checked to belong where the header says.
fn parse_ops(
    plain: &[u8],
    h: &BatchHeader,
    team: &SecretKey,
    sid: &str,
) -> Result<Vec<Op>, SyncError> {
    let text = std::str::from_utf8(plain)
        .map_err(|_| SyncError::Protocol("a batch's ops are not UTF-8".into()))?;
    let mut ops = Vec::with_capacity(h.count as usize);
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let op: Op = serde_json::from_str(line).map_err(|e| {
            SyncError::Protocol(format!(
                "op {} of a batch from device {} is not an op: {e}",
                i + 1,
                h.device
            ))
        })?;
        if op.device_id != h.device
            || op.seq < h.first_seq
            || op.seq > h.last_seq
            || keys::scope_id(team, &op.scope) != sid
        {
            return Err(SyncError::Protocol(format!(
                "op {} of a batch from device {} does not belong to the batch (device, number or client differ); nothing of it was applied",
                i + 1,
                h.device
            )));
        }
        ops.push(op);
    }
    if ops.len() != h.count as usize {
        return Err(SyncError::Protocol(format!(
            "a batch from device {} says it holds {} ops and holds {}; nothing of it was applied",
            h.device,
            h.count,
            ops.len()
        )));
    }
    Ok(ops)
}
