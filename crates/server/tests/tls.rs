//! `--tls-cert/--tls-key`: the server speaks HTTPS itself. A client that trusts the server's
//! CA syncs; one that trusts only the public roots refuses the self-signed certificate.

mod common;

use std::process::Command;

use common::{Engine, Server};
use cordon_sync::SyncError;
use cordon_sync::client::Remote;

#[test]
fn the_server_speaks_https_with_its_certificate_and_a_client_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    // The MSP's own CA, and the server's certificate signed by it.
    let p = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let (ca, cert, key) = (p("ca.pem"), p("cert.pem"), p("key.pem"));
    std::fs::write(
        p("leaf.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    for args in [
        [
            &["req", "-x509"][..],
            &ec,
            &[
                "-days",
                "1",
                "-subj",
                "/CN=Test MSP CA",
                "-keyout",
                &p("ca.key"),
                "-out",
                &ca,
            ],
        ]
        .concat(),
        [
            &["req"][..],
            &ec,
            &[
                "-subj",
                "/CN=cordon-test",
                "-keyout",
                &key,
                "-out",
                &p("leaf.csr"),
            ],
        ]
        .concat(),
        vec![
            "x509",
            "-req",
            "-in",
            &p("leaf.csr"),
            "-CA",
            &ca,
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-days",
            "1",
            "-extfile",
            &p("leaf.ext"),
            "-out",
            &cert,
        ],
    ] {
        let out = Command::new("openssl")
            .args(&args)
            .output()
            .expect("openssl (scripts/setup-debian.sh installs it)");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (cert, key) = (
        std::path::PathBuf::from(cert),
        std::path::PathBuf::from(key),
    );
    let server = Server::start_with(
        Engine::Sqlite,
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(server.url.starts_with("https://"));

    let pem = std::fs::read(&ca).unwrap();
    let trusted = Remote::with_ca(&server.url, None, Some(&pem)).unwrap();
    assert_eq!(trusted.version().unwrap().protocols, vec![1]);

    let public_roots = Remote::with_ca(&server.url, None, None).unwrap();
    match public_roots.version().unwrap_err() {
        SyncError::Unreachable(m) => assert!(m.contains("cannot reach"), "{m}"),
        other => panic!("a self-signed certificate was not refused: {other:?}"),
    }

    let plain = Remote::with_ca(&server.url.replace("https", "http"), None, None).unwrap();
    assert!(
        plain.version().is_err(),
        "plain HTTP to a TLS port is refused"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_cordon-server"))
        .args([
            "--data",
            dir.path().join("s").to_str().unwrap(),
            "--tls-cert",
        ])
        .arg(&key)
        .arg("--tls-key")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--tls-cert"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
