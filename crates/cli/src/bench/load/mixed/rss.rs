//! The server's memory, read from `/proc/PID/status` (Linux): `VmRSS`, the
//! resident set now, and `VmHWM`, its peak since the process started;
//! sampled at a fixed interval while the load runs.

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::failure::Failure;

/// One reading, in KiB (as the kernel reports them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss_kib: u64,
    /// `VmHWM`: the highest resident set so far.
    pub hwm_kib: u64,
}

/// What the sampler saw during the load.
#[derive(Debug, Clone, Copy, Default)]
pub struct Samples {
    /// Readings taken.
    pub count: u64,
    /// The highest `VmRSS` read.
    pub peak_rss_kib: u64,
    /// The last reading (after the load ended).
    pub last: Memory,
}

impl Samples {
    fn add(&mut self, m: Memory) {
        self.count += 1;
        self.peak_rss_kib = self.peak_rss_kib.max(m.rss_kib);
        self.last = m;
    }
}

/// Reads the memory of process `pid` now.
pub fn read(pid: u32) -> Result<Memory, Failure> {
    let path = format!("/proc/{pid}/status");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Failure::new(
            format!("无法读取服务进程内存（{path}）：{e}；内存采样需要 Linux 的 /proc"),
            "cannot read the server's memory from /proc",
        )
    })?;
    parse(&text).ok_or_else(|| {
        Failure::new(
            format!("{path} 中没有 VmRSS / VmHWM"),
            "no VmRSS / VmHWM in /proc status",
        )
    })
}

/// `VmRSS` and `VmHWM` of a `/proc/PID/status` text.
pub fn parse(status: &str) -> Option<Memory> {
    let field = |name: &str| {
        status.lines().find_map(|line| {
            let value = line.strip_prefix(name)?.strip_prefix(':')?;
            value.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
    };
    Some(Memory {
        rss_kib: field("VmRSS")?,
        hwm_kib: field("VmHWM")?,
    })
}

/// KiB as MiB with one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Samples a process's memory every `every` until finished.
pub struct Sampler {
    stop: watch::Sender<bool>,
    task: JoinHandle<Result<Samples, Failure>>,
}

impl Sampler {
    /// Starts sampling process `pid`.
    pub fn spawn(pid: u32, every: Duration) -> Sampler {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut samples = Samples::default();
            let mut tick = tokio::time::interval(every.max(Duration::from_millis(10)));
            loop {
                tokio::select! {
                    _ = tick.tick() => samples.add(read(pid)?),
                    _ = stopped.changed() => break,
                }
            }
            samples.add(read(pid)?);
            Ok(samples)
        });
        Sampler { stop, task }
    }

    /// Takes a last reading and answers what was sampled.
    pub async fn finish(self) -> Result<Samples, Failure> {
        let _ = self.stop.send(true);
        self.task
            .await
            .map_err(|e| Failure::new(format!("内存采样中断：{e}"), "the memory sampler stopped"))?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_its_peak_are_read_from_proc_status() {
        let text = "Name:\ttongban\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t5\n";
        assert_eq!(
            parse(text),
            Some(Memory {
                rss_kib: 102_400,
                hwm_kib: 204_800
            })
        );
        assert_eq!(parse("Name:\ttongban\n"), None);
        assert_eq!(mib(102_400), "100.0 MiB");
    }

    #[test]
    fn this_process_has_a_resident_set() {
        let m = read(std::process::id()).unwrap();
        assert!(m.rss_kib > 0 && m.hwm_kib >= m.rss_kib, "{m:?}");
    }
}
