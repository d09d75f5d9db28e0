//! The hashing threads give argon2's 7 MiB work area back to the kernel once nothing is queued
//! (issue 15: the server's RSS ≤ 60 MB). A test binary of its own, so no other test's
//! allocations move the resident size it reads.
#![cfg(all(feature = "ssr", target_os = "linux"))]

use std::time::{Duration, Instant};

use app::server::auth::password::{Hasher, MEMORY_KIB};

/// This process's resident set, in KiB.
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

#[tokio::test(flavor = "current_thread")]
async fn the_work_area_is_given_back_when_no_check_waits() {
    let hasher = Hasher::start();
    let before = resident_kib();
    let mut hashes = Vec::new();
    for index in 0..3 {
        hashes.push(hasher.hash(format!("password number {index}")).await.expect("hashes"));
    }
    assert!(hasher.verify("password number 0".into(), Some(hashes[0].clone())).await.expect("ok"));
    assert!(!hasher.verify("password number 9".into(), Some(hashes[1].clone())).await.expect("ok"));
    // The thread gives the area back after it has replied: allow it a moment.
    let limit = before + u64::from(MEMORY_KIB) / 2;
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut now = resident_kib();
    while now >= limit && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        now = resident_kib();
    }
    assert!(
        now < limit,
        "after the checks the process holds {now} KiB resident, {before} KiB before them: \
         the {MEMORY_KIB} KiB work area was kept"
    );
}
