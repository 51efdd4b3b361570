//! `cordon plans ...` run as a user would, on a passphrase-protected workspace.

mod common;
use common::{cordon, ok_json};

#[test]
fn templates_create_list_show_approve() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t = ok_json(cordon(d, &["plans", "templates", "--json"]));
    let names: Vec<&str> = t
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"baseline") && names.contains(&"ransomware"),
        "{names:?}"
    );
    assert!(t[0]["version"].as_str().is_some_and(|v| !v.is_empty()));

    // The demo gives each client an approved plan.
    assert!(cordon(d, &["demo"]).status.success());
    let clients = ok_json(cordon(
        d,
        &["clients", "list", "--json", "--query", "meridian"],
    ));
    let client = clients[0]["id"].as_str().unwrap().to_owned();
    let list = ok_json(cordon(d, &["plans", "list", "--client", &client, "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "approved");

    // An unknown template is bad input: the field is named and the exit code is 2.
    let out = cordon(
        d,
        &[
            "plans",
            "create",
            "--client",
            &client,
            "--template",
            "nope",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("template"));

    // Show gives every section of the demo school's approved plan.
    let a = cordon(d, &["clients", "list", "--json", "--query", "saint"]);
    let school = ok_json(a)[0]["id"].as_str().unwrap().to_owned();
    let before = ok_json(cordon(d, &["plans", "list", "--client", &school, "--json"]));
    let v1 = before[0]["id"].as_str().unwrap().to_owned();
    let shown = ok_json(cordon(d, &["plans", "show", &v1, "--json"]));
    assert_eq!(shown["client_id"], school.as_str());
    assert_eq!(shown["roles"][0]["name"], "Incident Commander");
    assert!(shown["playbooks"].as_array().unwrap().len() >= 4);
    assert_eq!(shown["severity"]["cells"][3][2]["level"], "SEV1");

    let out = cordon(d, &["plans", "approve", &v1, "--by", "Fiona McLeod"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "approving an approved version fails"
    );

    let dir2 = tempfile::tempdir().unwrap();
    let d2 = dir2.path();
    assert!(cordon(d2, &["demo"]).status.success());
    let c = ok_json(cordon(
        d2,
        &["clients", "list", "--json", "--query", "harbour"],
    ))[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Creating while an approved version exists starts version 2 as a draft.
    let created = ok_json(cordon(
        d2,
        &[
            "plans",
            "create",
            "--client",
            &c,
            "--template",
            "baseline",
            "--json",
        ],
    ));
    assert_eq!(
        (created["version"].as_u64(), created["status"].as_str()),
        (Some(2), Some("draft"))
    );
    let list = ok_json(cordon(d2, &["plans", "list", "--client", &c, "--json"]));
    assert_eq!(list[0]["version"], 2);
    assert_eq!(list[1]["status"], "approved");
    let out = cordon(
        d2,
        &[
            "plans",
            "approve",
            created["id"].as_str().unwrap(),
            "--by",
            "  ",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "an approval needs an approver");
    assert!(String::from_utf8_lossy(&out.stderr).contains("approver"));

    let added = ok_json(cordon(
        d2,
        &[
            "plans",
            "add-playbook",
            created["id"].as_str().unwrap(),
            "--template",
            "ddos",
            "--json",
        ],
    ));
    assert_eq!(added["id"], created["id"], "a draft is edited in place");
    assert_eq!(
        added["playbooks"].as_array().unwrap().last().unwrap()["incident_type"],
        "ddos"
    );
}
