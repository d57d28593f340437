//! A Prism mock server for the tests, and a recording TCP proxy that shows
//! the raw responses a client received.

use std::io::Read;
use std::net::{SocketAddr, TcpListener as StdTcpListener, TcpStream as StdTcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::repo_path;

/// The `prism` binary, installed by `scripts/install-prism.sh` on first use.
///
/// Panics with the script's output when it cannot be installed: these tests
/// need node and npm, and are never skipped.
pub fn prism_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let script = repo_path("scripts/install-prism.sh");
            let output = Command::new("bash")
                .arg(&script)
                .stdin(Stdio::null())
                .output()
                .unwrap_or_else(|e| panic!("running {}: {e}", script.display()));
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "{} failed ({}): Prism could not be installed; the Prism tests need node and npm \
                 on PATH and access to the npm registry.\nstdout:\n{stdout}\nstderr:\n{stderr}",
                script.display(),
                output.status
            );
            let path = PathBuf::from(stdout.trim());
            assert!(
                path.is_file(),
                "{} printed `{}`, which is not a file\nstderr:\n{stderr}",
                script.display(),
                path.display()
            );
            path
        })
        .clone()
}

/// A port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    StdTcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("binding 127.0.0.1:0")
        .port()
}

/// A running `prism mock` process, in a process group of its own. Dropping
/// it kills the whole group (Prism and anything it started).
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    log: tempfile::NamedTempFile,
}

impl Prism {
    /// Starts `prism mock SPEC` on a free port of 127.0.0.1 (with `-d` when
    /// `dynamic`) and waits until it accepts connections.
    pub fn start(spec: &str, dynamic: bool) -> Prism {
        let binary = prism_binary();
        let spec_path = repo_path(spec);
        let mut last_failure = String::new();
        // A port picked as free can be taken before Prism binds it: try again.
        for _ in 0..3 {
            let port = free_port();
            let log = tempfile::NamedTempFile::new().expect("creating the Prism log file");
            let mut command = Command::new(&binary);
            command.arg("mock").arg(&spec_path).args([
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-v",
                "warn",
            ]);
            if dynamic {
                command.arg("-d");
            }
            command
                .stdin(Stdio::null())
                .stdout(Stdio::from(log.reopen().expect("reopening the log file")))
                .stderr(Stdio::from(log.reopen().expect("reopening the log file")))
                .process_group(0);
            // SAFETY: prctl is async-signal-safe; nothing else runs between fork and exec.
            unsafe {
                command.pre_exec(|| {
                    // Prism dies with the test thread that started it, even if
                    // the test process is killed before `Drop` runs.
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
            let child = command
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", binary.display()));
            let mut prism = Prism {
                child,
                addr: SocketAddr::from(([127, 0, 0, 1], port)),
                log,
            };
            match prism.wait_ready(Duration::from_secs(30)) {
                Ok(()) => return prism,
                Err(failure) => last_failure = failure,
            }
        }
        panic!("Prism did not start for {spec}: {last_failure}");
    }

    fn wait_ready(&mut self, limit: Duration) -> Result<(), String> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("polling Prism") {
                return Err(format!(
                    "Prism exited with {status}; its output:\n{}",
                    self.log()
                ));
            }
            if StdTcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if start.elapsed() > limit {
                return Err(format!(
                    "Prism did not listen on {} within {limit:?}; its output:\n{}",
                    self.addr,
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address Prism listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What Prism printed so far.
    pub fn log(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = self.log.reopen() {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = self.child.id() as libc::pid_t;
        // SAFETY: plain syscalls on the process group this helper created.
        unsafe {
            libc::kill(-group, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever is left of the group (Prism ignoring SIGTERM, or children).
        unsafe {
            libc::kill(-group, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response as it came over the wire.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
}

impl RawResponse {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The bytes one proxied connection received from the upstream.
type Capture = Arc<Mutex<Vec<u8>>>;

/// A TCP proxy on 127.0.0.1 in front of `upstream` that forwards bytes
/// unchanged and keeps a copy of everything the upstream sent back, so a
/// test can read the exact responses its client received.
pub struct TapProxy {
    addr: SocketAddr,
    /// Per connection, the bytes sent by the upstream.
    captured: Arc<Mutex<Vec<Capture>>>,
    task: tokio::task::JoinHandle<()>,
}

impl TapProxy {
    /// Starts the proxy (on the current Tokio runtime).
    pub async fn start(upstream: SocketAddr) -> TapProxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let captured: Arc<Mutex<Vec<Capture>>> = Arc::default();
        let connections = captured.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let buffer: Capture = Arc::default();
                connections.lock().unwrap().push(buffer.clone());
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = client.into_split();
                    let (mut server_read, mut server_write) = server.into_split();
                    let upload = async {
                        let _ = tokio::io::copy(&mut client_read, &mut server_write).await;
                        let _ = server_write.shutdown().await;
                    };
                    let download = async {
                        let mut chunk = vec![0u8; 16 * 1024];
                        loop {
                            match server_read.read(&mut chunk).await {
                                Ok(0) | Err(_) => break,
                                Ok(n) => {
                                    buffer.lock().unwrap().extend_from_slice(&chunk[..n]);
                                    if client_write.write_all(&chunk[..n]).await.is_err() {
                                        break;
                                    }
                                }
                            }
                        }
                        let _ = client_write.shutdown().await;
                    };
                    tokio::join!(upload, download);
                });
            }
        });
        TapProxy {
            addr,
            captured,
            task,
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every complete response received so far, connection by connection.
    pub fn responses(&self) -> Vec<RawResponse> {
        let connections = self.captured.lock().unwrap().clone();
        connections
            .iter()
            .flat_map(|c| parse_responses(&c.lock().unwrap()))
            .collect()
    }
}

impl Drop for TapProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Splits an HTTP/1.1 response stream into responses (bodies framed by
/// `Content-Length` or chunked encoding). A trailing incomplete response is
/// left out.
fn parse_responses(mut bytes: &[u8]) -> Vec<RawResponse> {
    let mut out = Vec::new();
    while let Some(end) = find(bytes, b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP status line: {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let response = RawResponse { status, headers };
        let mut rest = &bytes[end + 4..];
        if response
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let Some(line_end) = find(rest, b"\r\n") else {
                    return out;
                };
                let size_text = String::from_utf8_lossy(&rest[..line_end]);
                let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                    .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
                if size == 0 {
                    // Last chunk, no trailers expected.
                    let Some(trailer_end) = find(&rest[line_end..], b"\r\n\r\n") else {
                        return out;
                    };
                    rest = &rest[line_end + trailer_end + 4..];
                    break;
                }
                let chunk_end = line_end + 2 + size + 2;
                if rest.len() < chunk_end {
                    return out;
                }
                rest = &rest[chunk_end..];
            }
        } else {
            let length: usize = response
                .header("content-length")
                .map(|v| v.parse().expect("Content-Length"))
                .unwrap_or(0);
            if rest.len() < length {
                return out;
            }
            rest = &rest[length..];
        }
        out.push(response);
        bytes = rest;
    }
    out
}
