//! Catching a panic of the generator as a message with its location, instead
//! of the default hook's message and backtrace on stderr.

use std::cell::RefCell;

thread_local! {
    /// The message and location of the last panic on this thread, set by the hook.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Replaces the default panic hook (message and backtrace on stderr) with one
/// that records the message and location for [`catch`] to report.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message =
            payload_text(info.payload()).unwrap_or_else(|| "(non-string panic payload)".to_owned());
        let at = info
            .location()
            .map(|l| format!(" (at {}:{}:{})", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{at}")));
    }));
}

/// Runs `f`, turning a panic into its message (with its location when the
/// hook of [`install_panic_hook`] is installed).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    LAST_PANIC.with(|p| p.borrow_mut().take());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload_text(payload.as_ref()))
            .unwrap_or_else(|| "(non-string panic payload)".to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_messages_with_their_location() {
        install_panic_hook();
        assert_eq!(catch(|| 7), Ok(7));
        let index = 5;
        let err = catch(|| -> usize { panic!("index {index} out of range") }).unwrap_err();
        assert!(err.starts_with("index 5 out of range (at "), "{err}");
        assert!(err.contains("panic.rs:"), "{err}");
        let _ = std::panic::take_hook();
    }
}
