//! Windows: the `HKCU\Software\Microsoft\Windows\CurrentVersion\Run` value `soleus`, set
//! with reg.exe. Compiled only on Windows and not run on a real system yet (README says
//! so); the value is tested on every platform through [`super::render::run_key_value`].

use std::path::Path;
use std::process::Command;

use super::{AutostartError, render};

const KEY: &str = r"HKCU\Software\Microsoft\Windows\CurrentVersion\Run";

pub fn enable(launch: render::Launch<'_>) -> Result<Vec<String>, AutostartError> {
    let value = render::run_key_value(launch)?;
    let status = Command::new("reg")
        .args([
            "add", KEY, "/v", "soleus", "/t", "REG_SZ", "/d", &value, "/f",
        ])
        .status()
        .map_err(|e| AutostartError::Command(format!("cannot run reg: {e}")))?;
    if !status.success() {
        return Err(AutostartError::Command(format!("reg add {KEY} failed")));
    }
    Ok(vec![format!("set {KEY}\\soleus to {value}")])
}

pub fn disable() -> Result<Vec<String>, AutostartError> {
    let status = Command::new("reg")
        .args(["delete", KEY, "/v", "soleus", "/f"])
        .status()
        .map_err(|e| AutostartError::Command(format!("cannot run reg: {e}")))?;
    Ok(if status.success() {
        vec![format!("removed {KEY}\\soleus")]
    } else {
        Vec::new()
    })
}
