//! The control socket's request decoder and the routing of what it decodes
//! (`daemon::control::route`, where every field is range-checked): no panic on any line,
//! at any clock reading the daemon can have.
#![no_main]

use jiff::Timestamp;
use libfuzzer_sys::fuzz_target;
use soleus::daemon::control;
use soleus::ipc::Request;

fuzz_target!(|bytes: &[u8]| {
    let Ok(request) = serde_json::from_slice::<Request>(bytes) else {
        return;
    };
    for now in [Timestamp::now(), Timestamp::MIN, Timestamp::MAX] {
        let _ = control::route(request.clone(), now);
    }
});
