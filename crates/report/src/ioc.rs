//! Indicators of compromise picked out of free text: IPv4 addresses, domains (from URLs and
//! e-mail addresses too), and MD5 / SHA-1 / SHA-256 hashes. Technicians paste indicators as
//! they find them, often defanged (`evil[.]com`, `hxxp://`), so both forms are read.
//!
//! Deliberately small and conservative: a missed indicator is still in the full timeline the
//! appendix sits beside, while a false one (a file name read as a domain) would send a
//! reader after nothing. So file names with common extensions are not domains, and a hex run
//! is a hash only at exactly 32, 40 or 64 digits.
//!
//! Printed, every indicator is defanged (`hxxps://evil[.]com/x`, `185.220.101[.]4`,
//! `billing[@]evil[.]com`): a report is opened in PDF readers and mail clients that turn a
//! live URL into a link, and one click on a phishing URL from the incident report is a second
//! incident. `extract` still reads both forms, so copying a defanged indicator back works.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IocKind {
    Ipv4,
    Domain,
    Url,
    Email,
    Md5,
    Sha1,
    Sha256,
}

impl IocKind {
    pub fn label(self) -> &'static str {
        match self {
            IocKind::Ipv4 => "IPv4 address",
            IocKind::Domain => "Domain",
            IocKind::Url => "URL",
            IocKind::Email => "E-mail address",
            IocKind::Md5 => "MD5",
            IocKind::Sha1 => "SHA-1",
            IocKind::Sha256 => "SHA-256",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ioc {
    pub kind: IocKind,
    /// Refanged and, except for hashes' case, as written; domains and hashes lowercased.
    pub value: String,
}

impl Ioc {
    /// The indicator as printed: not clickable, not resolvable, still readable.
    pub fn defanged(&self) -> String {
        match self.kind {
            IocKind::Md5 | IocKind::Sha1 | IocKind::Sha256 => self.value.clone(),
            _ => defang(&self.value),
        }
    }
}

/// `http://evil.com/a.b` → `hxxp://evil[.]com/a[.]b`; `a@b.com` → `a[@]b[.]com`.
pub fn defang(s: &str) -> String {
    let (scheme, rest) = match s.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, s),
    };
    let mut out = String::with_capacity(s.len() + 8);
    if let Some(scheme) = scheme {
        let lower = scheme.to_ascii_lowercase();
        out.push_str(match lower.as_str() {
            "http" => "hxxp",
            "https" => "hxxps",
            "ftp" => "fxp",
            other => other,
        });
        out.push_str("://");
    }
    for c in rest.chars() {
        match c {
            '.' => out.push_str("[.]"),
            '@' => out.push_str("[@]"),
            c => out.push(c),
        }
    }
    out
}

/// Free text as printed: every address, domain, URL and e-mail address in it defanged, every
/// other character as written (spacing, punctuation, hashes, words that only look dotted).
/// Idempotent, so text a technician already defanged prints the same.
pub fn defang_text(text: &str) -> String {
    let separator =
        |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '|' | ',' | ';' | '"' | '\\');
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while !rest.is_empty() {
        let end = rest.find(separator).unwrap_or(rest.len());
        let (word, tail) = rest.split_at(end);
        out.push_str(&defang_word(word));
        let sep_len = tail.chars().next().map_or(0, char::len_utf8);
        out.push_str(&tail[..sep_len]);
        rest = &tail[sep_len..];
    }
    out
}

/// One word of `defang_text`: brackets and sentence punctuation around an indicator stay as
/// they are, the indicator between them is defanged.
fn defang_word(word: &str) -> std::borrow::Cow<'_, str> {
    let opening = |c: char| matches!(c, '(' | '[' | '{' | '\'' | '`' | '“' | '‘');
    let closing = |c: char| {
        matches!(
            c,
            ')' | ']' | '}' | '.' | ':' | '!' | '?' | '\'' | '`' | '”' | '’'
        )
    };
    let core = word.trim_start_matches(opening);
    let lead = word.len() - core.len();
    let core = core.trim_end_matches(closing);
    let live = refang(core);
    match classify_one(&live) {
        Some(Ioc {
            kind: IocKind::Ipv4 | IocKind::Domain | IocKind::Url | IocKind::Email,
            ..
        }) => {
            let trail = &word[lead + core.len()..];
            std::borrow::Cow::Owned(format!("{}{}{trail}", &word[..lead], defang(&live)))
        }
        _ => std::borrow::Cow::Borrowed(word),
    }
}

/// Endings that make a dotted word a file name rather than a host.
const FILE_EXTENSIONS: &[&str] = &[
    "txt",
    "log",
    "exe",
    "dll",
    "sys",
    "bat",
    "cmd",
    "ps1",
    "vbs",
    "js",
    "jar",
    "msi",
    "lnk",
    "iso",
    "img",
    "vhd",
    "vhdx",
    "zip",
    "rar",
    "7z",
    "gz",
    "tar",
    "pdf",
    "doc",
    "docx",
    "docm",
    "xls",
    "xlsx",
    "xlsm",
    "ppt",
    "pptx",
    "csv",
    "json",
    "xml",
    "html",
    "htm",
    "eml",
    "msg",
    "pst",
    "ost",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "tmp",
    "dat",
    "bak",
    "db",
    "evtx",
    "pcap",
    "mem",
    "dmp",
    "lockx",
    "locked",
    "enc",
    "encrypted",
    "md",
    "ini",
    "cfg",
    "conf",
    "yaml",
    "yml",
];

/// `hxxp://evil[.]com` → `http://evil.com`.
fn refang(s: &str) -> String {
    s.replace("[.]", ".")
        .replace("(.)", ".")
        .replace("{.}", ".")
        .replace("[dot]", ".")
        .replace("[@]", "@")
        .replace("[at]", "@")
        .replace("hxxp", "http")
        .replace("hXXp", "http")
}

fn ipv4(s: &str) -> Option<String> {
    // A port is not part of the address.
    let host = s.split(':').next()?;
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    for p in &parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if p.len() > 1 && p.starts_with('0') {
            return None;
        }
        if p.parse::<u16>().ok()? > 255 {
            return None;
        }
    }
    Some(host.to_owned())
}

fn domain(s: &str) -> Option<String> {
    let host = s
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || host.len() > 253 {
        return None;
    }
    let tld = *labels.last()?;
    if !(2..=24).contains(&tld.len()) || !tld.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if FILE_EXTENSIONS.contains(&tld) {
        return None;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if !labels.iter().all(label_ok) {
        return None;
    }
    // "v1.2" or "e.g" are not hosts: ask for a letter outside the top-level label as well.
    if !labels[..labels.len() - 1]
        .iter()
        .any(|l| l.bytes().any(|b| b.is_ascii_alphabetic()))
    {
        return None;
    }
    Some(host)
}

fn hash(s: &str) -> Option<(IocKind, String)> {
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    // All digits is a number (a case reference, a phone number), not a hash.
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let kind = match s.len() {
        32 => IocKind::Md5,
        40 => IocKind::Sha1,
        64 => IocKind::Sha256,
        _ => return None,
    };
    Some((kind, s.to_ascii_lowercase()))
}

/// One word of text (already split at spaces and brackets) as indicators: a URL with a path
/// gives the URL and its host, anything else one indicator at most.
fn classify(word: &str) -> Vec<Ioc> {
    let trimmed = word.trim_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '`' | '“' | '”' | '‘' | '’'
        )
    });
    let host = classify_one(trimmed);
    let url = match (&host, trimmed.split_once("://")) {
        (Some(_), Some((scheme, rest))) => {
            let scheme = scheme.to_ascii_lowercase();
            let path = rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]);
            (matches!(scheme.as_str(), "http" | "https" | "ftp") && path.len() > 1).then(|| Ioc {
                kind: IocKind::Url,
                value: format!("{scheme}://{rest}"),
            })
        }
        _ => None,
    };
    url.into_iter().chain(host).collect()
}

fn classify_one(word: &str) -> Option<Ioc> {
    let word = word.trim_matches(|c: char| {
        matches!(
            c,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '`' | '“' | '”' | '‘' | '’'
        )
    });
    if word.is_empty() {
        return None;
    }
    if let Some((_, rest)) = word.split_once("://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        return ipv4(host)
            .map(|v| Ioc {
                kind: IocKind::Ipv4,
                value: v,
            })
            .or_else(|| {
                domain(host).map(|v| Ioc {
                    kind: IocKind::Domain,
                    value: v,
                })
            });
    }
    if let Some((user, host)) = word.split_once('@') {
        let user_ok = !user.is_empty()
            && user
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
        return match (user_ok, domain(host)) {
            (true, Some(d)) => Some(Ioc {
                kind: IocKind::Email,
                value: format!("{user}@{d}"),
            }),
            _ => None,
        };
    }
    if let Some((kind, value)) = hash(word) {
        return Some(Ioc { kind, value });
    }
    if let Some(v) = ipv4(word) {
        return Some(Ioc {
            kind: IocKind::Ipv4,
            value: v,
        });
    }
    domain(word).map(|v| Ioc {
        kind: IocKind::Domain,
        value: v,
    })
}

/// Every indicator in `text`, in order of first appearance, each once.
pub fn extract(text: &str) -> Vec<Ioc> {
    let text = refang(text);
    let mut out: Vec<Ioc> = Vec::new();
    let separators = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | ')' | '<' | '>' | '[' | ']' | '{' | '}' | '|' | ',' | ';' | '"' | '\\'
            )
    };
    for word in text.split(separators) {
        for ioc in classify(word) {
            if !out.contains(&ioc) {
                out.push(ioc);
            }
        }
    }
    out
}

/// Indicators gathered from several sources, each with where it was seen (in order).
#[derive(Debug, Default)]
pub struct IocIndex {
    seen: BTreeMap<Ioc, Vec<String>>,
}

impl IocIndex {
    pub fn add(&mut self, text: &str, source: &str) {
        for ioc in extract(text) {
            let places = self.seen.entry(ioc).or_default();
            if !places.iter().any(|p| p == source) {
                places.push(source.to_owned());
            }
        }
    }

    /// By kind, then value.
    pub fn into_sorted(self) -> Vec<(Ioc, Vec<String>)> {
        self.seen.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(IocKind, String)> {
        extract(text)
            .into_iter()
            .map(|i| (i.kind, i.value))
            .collect()
    }

    #[test]
    fn finds_addresses_domains_and_hashes() {
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let text = format!(
            "Beacon to 185.220.101.4:443 and dhl-paket-zustellung.com; dropper {sha}, \
             md5 D41D8CD98F00B204E9800998ECF8427E."
        );
        assert_eq!(
            values(&text),
            vec![
                (IocKind::Ipv4, "185.220.101.4".into()),
                (IocKind::Domain, "dhl-paket-zustellung.com".into()),
                (IocKind::Sha256, sha.into()),
                (IocKind::Md5, "d41d8cd98f00b204e9800998ecf8427e".into()),
            ]
        );
    }

    #[test]
    fn reads_defanged_urls_and_email_addresses() {
        assert_eq!(
            values(
                "Phish linked hxxps://login-micros0ft[.]net/owa?x=1 from billing@dhl-express[.]info"
            ),
            vec![
                (IocKind::Url, "https://login-micros0ft.net/owa?x=1".into()),
                (IocKind::Domain, "login-micros0ft.net".into()),
                (IocKind::Email, "billing@dhl-express.info".into()),
            ]
        );
        // A bare URL is its host: one row, not two.
        assert_eq!(
            values("see https://evil.example/ now"),
            vec![(IocKind::Domain, "evil.example".into())]
        );
    }

    #[test]
    fn free_text_prints_its_indicators_defanged_and_nothing_else_changed() {
        let cases = [
            (
                "Blocked http://evil.com/login, then 185.220.101.4:443 (C2).",
                "Blocked hxxp://evil[.]com/login, then 185[.]220[.]101[.]4:443 (C2).",
            ),
            (
                "Mail from billing@evil-invoices.com; see (portal.evil.net).",
                "Mail from billing[@]evil-invoices[.]com; see (portal[.]evil[.]net).",
            ),
            // Already defanged, file names, versions, hashes and plain words stay as written.
            (
                "hxxps://evil[.]com/x ran invoice.pdf.exe on v1.2, e.g. now; md5 9e107d9d372bb6826bd81d3542a419d6",
                "hxxps://evil[.]com/x ran invoice.pdf.exe on v1.2, e.g. now; md5 9e107d9d372bb6826bd81d3542a419d6",
            ),
            ("  two  spaces\tand a tab\n", "  two  spaces\tand a tab\n"),
            ("", ""),
        ];
        for (written, printed) in cases {
            assert_eq!(defang_text(written), printed, "{written:?}");
            assert_eq!(defang_text(printed), printed, "twice: {written:?}");
        }
        // Whatever is printed still yields the same indicators.
        let text = cases[0].0;
        assert_eq!(extract(&defang_text(text)), extract(text));
    }

    #[test]
    fn printed_indicators_are_defanged_and_read_back_the_same() {
        let text = "Phish at https://login-micros0ft.net/owa?x=1 from billing@dhl-express.info, \
                    C2 185.220.101.4 and evil.example, dropper \
                    9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let printed: Vec<String> = extract(text).iter().map(Ioc::defanged).collect();
        assert_eq!(
            printed,
            vec![
                "hxxps://login-micros0ft[.]net/owa?x=1",
                "login-micros0ft[.]net",
                "billing[@]dhl-express[.]info",
                "185[.]220[.]101[.]4",
                "evil[.]example",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ]
        );
        for p in &printed {
            let bare = p.replace("[.]", "").replace("[@]", "");
            assert!(!p.contains("http") && !bare.contains(['.', '@']), "{p}");
        }
        // What is printed is read again as the same indicators.
        assert_eq!(extract(&printed.join(" ")), extract(text));
    }

    #[test]
    fn ignores_file_names_versions_numbers_and_bad_addresses() {
        assert!(values("README_RESTORE.txt and notes.txt in \\\\FS-01\\Shares").is_empty());
        assert!(values("svchost.exe, payload.ps1, version 1.2.3, e.g. this").is_empty());
        assert!(values("256.1.1.1 and 10.0.0 and 01.2.3.4").is_empty());
        // A case number of 32 digits is not an MD5.
        assert!(values("12345678901234567890123456789012").is_empty());
        // 63 hex digits is nothing.
        assert!(values(&"a".repeat(63)).is_empty());
    }

    #[test]
    fn each_indicator_once_with_every_place_it_was_seen() {
        let mut index = IocIndex::default();
        index.add("Traffic to 203.0.113.9 and 203.0.113.9", "Entry 3");
        index.add("Firewall log shows 203.0.113.9", "Evidence: fw.log");
        index.add("again 203.0.113.9", "Entry 3");
        let all = index.into_sorted();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].1, vec!["Entry 3", "Evidence: fw.log"]);
    }
}
