//! Generating every spec on worker threads, with progress and slow-spec
//! notices on stderr while the run goes on.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::outcome::{slug, Outcome, Record};
use crate::panic::{catch, install_panic_hook};
use crate::walk::{declared_version, find};
use crate::Args;

/// A spec still running after this long is reported on stderr while the run goes on.
const SLOW: Duration = Duration::from_secs(60);

/// Worker stack size: deep schemas recurse deeply, and a stack overflow
/// aborts the whole run instead of unwinding.
const STACK: usize = 256 << 20;

/// Files done between two progress lines.
const PROGRESS_EVERY: usize = 250;

/// What each worker is generating and since when (`None` when idle).
type Running = Option<(String, Instant)>;

/// The files to generate (path and relative name), the index of the next
/// one to take, and what each worker is doing.
struct Queue {
    work: Vec<(PathBuf, String)>,
    next: AtomicUsize,
    running: Mutex<Vec<Running>>,
}

/// Runs the corpus; `Ok(false)` when a spec panicked.
pub fn run(args: &Args) -> Result<bool, String> {
    let root = args.dir.clone();
    let work = find(&root, args.filter.as_deref())?;
    if let Some(d) = &args.out_dir {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }

    install_panic_hook();

    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let started = Instant::now();
    let (mut records, not_specs) = run_all(work, jobs, args.out_dir.as_deref(), started)?;
    let wall = started.elapsed();
    records.sort_by(|a, b| a.rel.cmp(&b.rel));
    if args.each {
        for r in &records {
            println!("{:>10.2?}  {}  {}", r.elapsed, r.rel, r.outcome.summary());
        }
        println!();
    }
    crate::report::report(&root, &records, not_specs, wall, jobs, args.list_failures);
    Ok(!records
        .iter()
        .any(|r| matches!(r.outcome, Outcome::Panicked { .. })))
}

/// Generates `work` on `jobs` threads: the records of the specs and the
/// number of files that were not specs.
fn run_all(
    work: Vec<(PathBuf, String)>,
    jobs: usize,
    out_dir: Option<&Path>,
    started: Instant,
) -> Result<(Vec<Record>, usize), String> {
    let total_files = work.len();
    let queue = Arc::new(Queue {
        work,
        next: AtomicUsize::new(0),
        running: Mutex::new(vec![None; jobs]),
    });
    let (tx, rx) = mpsc::channel::<Option<Record>>();
    let mut handles = Vec::new();
    for worker in 0..jobs {
        let handle = spawn_worker(worker, Arc::clone(&queue), tx.clone(), out_dir)?;
        handles.push(handle);
    }
    drop(tx);
    let received = receive(&rx, &queue, total_files, started);
    for h in handles {
        let _ = h.join();
    }
    Ok(received)
}

/// A thread that takes files from `queue` until it is empty and sends a
/// record for each (`None` for a file that is not a spec).
fn spawn_worker(
    worker: usize,
    queue: Arc<Queue>,
    tx: mpsc::Sender<Option<Record>>,
    out_dir: Option<&Path>,
) -> Result<JoinHandle<()>, String> {
    let out_dir = out_dir.map(Path::to_owned);
    std::thread::Builder::new()
        .name(format!("corpus-{worker}"))
        .stack_size(STACK)
        .spawn(move || loop {
            let i = queue.next.fetch_add(1, Ordering::Relaxed);
            let Some((path, rel)) = queue.work.get(i) else {
                break;
            };
            queue.running.lock().unwrap()[worker] = Some((rel.clone(), Instant::now()));
            let record = run_one(path, rel, out_dir.as_deref());
            queue.running.lock().unwrap()[worker] = None;
            if tx.send(record).is_err() {
                break;
            }
        })
        .map_err(|e| format!("cannot start a worker thread: {e}"))
}

/// Collects the workers' records until every worker is done, printing
/// progress every [`PROGRESS_EVERY`] files and naming specs that run longer
/// than [`SLOW`].
fn receive(
    rx: &mpsc::Receiver<Option<Record>>,
    queue: &Queue,
    total_files: usize,
    started: Instant,
) -> (Vec<Record>, usize) {
    let mut records = Vec::new();
    let mut not_specs = 0usize;
    let mut done = 0usize;
    let mut next_progress = PROGRESS_EVERY;
    let mut warned: Vec<String> = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(record) => {
                done += 1;
                match record {
                    Some(r) => records.push(r),
                    None => not_specs += 1,
                }
                if done == next_progress {
                    next_progress += PROGRESS_EVERY;
                    eprintln!(
                        "corpus: {done}/{total_files} files, {:.0?}",
                        started.elapsed()
                    );
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        for (rel, since) in queue.running.lock().unwrap().iter().flatten() {
            if since.elapsed() > SLOW && !warned.contains(rel) {
                eprintln!("corpus: {rel} still running after {:.0?}", since.elapsed());
                warned.push(rel.clone());
            }
        }
    }
    (records, not_specs)
}

/// Generates one spec; `None` when the file is not a spec.
fn run_one(path: &Path, rel: &str, out_dir: Option<&Path>) -> Option<Record> {
    let version = declared_version(path)?;
    let start = Instant::now();
    let result = catch(|| {
        apigen::Builder::new()
            .rustfmt(false)
            .rerun_if_changed(false)
            .generate_one(path)
    });
    let elapsed = start.elapsed();
    let outcome = match result {
        Ok(Ok(code)) => {
            if let Some(dir) = out_dir {
                let file = dir.join(format!("{}.rs", slug(rel)));
                if let Err(e) = std::fs::write(&file, &code) {
                    eprintln!("corpus: {}: {e}", file.display());
                }
            }
            Outcome::Ok {
                lines: code.lines().count(),
            }
        }
        Ok(Err(e)) => Outcome::refused(&e),
        Err(message) => Outcome::Panicked { message },
    };
    Some(Record {
        rel: rel.to_owned(),
        version,
        elapsed,
        outcome,
    })
}
