//! The future of one operation call.
//!
//! Generated operation methods are plain functions: they check and encode
//! their arguments into a [`Request`] at once, then hand it to
//! [`HttpClient::call`] with the function that maps the response. The one
//! async body (send and retry) is the runtime's, shared by every
//! operation, instead of one async state machine per operation for the
//! compiler to check and build.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::{Error, HttpClient, Request, Response};

/// The pending result of one operation call: `.await` it for
/// `Result<T, Error<E>>`.
///
/// Its arguments were checked and encoded when the call was made, so it
/// borrows only the client, never the parameters or the body. Nothing is
/// sent until it is polled.
#[must_use = "a call sends nothing until it is awaited"]
pub struct Call<'a, T, E> {
    state: State<'a, T, E>,
}

// A call is made and awaited at once; boxing the request would cost an
// allocation per call for nothing.
#[allow(clippy::large_enum_variant)]
enum State<'a, T, E> {
    /// Made, not polled yet.
    Ready {
        client: &'a HttpClient,
        request: Result<Request, Error<E>>,
        decode: Decode<T, E>,
    },
    /// Sent: the one send-and-retry future every call shares.
    Sending {
        response: Pin<Box<dyn Future<Output = Result<Response, Error<Infallible>>> + Send + 'a>>,
        decode: Decode<T, E>,
    },
    /// The output was returned.
    Done,
}

// The state is never pinned in place: the send future is boxed.
impl<T, E> Unpin for Call<'_, T, E> {}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let state = &mut self.get_mut().state;
        loop {
            match state {
                State::Ready { .. } => {
                    let State::Ready {
                        client,
                        request,
                        decode,
                    } = std::mem::replace(state, State::Done)
                    else {
                        unreachable!("matched above")
                    };
                    match request {
                        Ok(request) => {
                            *state = State::Sending {
                                response: Box::pin(client.send(request)),
                                decode,
                            }
                        }
                        Err(error) => return Poll::Ready(Err(error)),
                    }
                }
                State::Sending { response, decode } => {
                    let result = match response.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(response)) => decode(response),
                        Poll::Ready(Err(error)) => Err(error.widen()),
                    };
                    *state = State::Done;
                    return Poll::Ready(result);
                }
                State::Done => panic!("`Call` polled after it completed"),
            }
        }
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Ready { .. } => "ready",
            State::Sending { .. } => "sending",
            State::Done => "done",
        };
        f.debug_struct("Call").field("state", &state).finish()
    }
}

/// How an operation maps its response: the success body (or the variant of
/// its status), else the typed API error.
pub type Decode<T, E> = fn(Response) -> Result<T, Error<E>>;

impl HttpClient {
    /// The call of one operation: sends `request` (with retries, see
    /// [`HttpClient::execute`]) and maps the response with `decode`, when
    /// it is awaited. An `Err` request (an argument that failed its check
    /// or could not be encoded) is returned as it is, and nothing is sent.
    ///
    /// Every call shares one send future whatever `T` and `E` are, and
    /// nothing here is instantiated until a call is awaited: a crate pays
    /// in code size for the operations it uses, not for those it defines.
    pub fn call<T, E>(
        &self,
        request: Result<Request, Error<E>>,
        decode: Decode<T, E>,
    ) -> Call<'_, T, E> {
        Call {
            state: State::Ready {
                client: self,
                request,
                decode,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, Method, RetryPolicy};

    fn unreachable_client() -> HttpClient {
        // A port nothing listens on: a request that is sent fails.
        HttpClient::new(Config::new("http://127.0.0.1:9").retry(RetryPolicy::none())).unwrap()
    }

    #[tokio::test]
    async fn a_failed_request_is_returned_without_sending() {
        let client = unreachable_client();
        let call: Call<'_, (), ()> = client.call(
            Err(Error::InvalidParam {
                param: "limit",
                message: "too big".into(),
            }),
            |_| panic!("nothing is sent, so nothing is decoded"),
        );
        match call.await {
            Err(Error::InvalidParam { param, .. }) => assert_eq!(param, "limit"),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn a_call_is_lazy_and_sendable() {
        fn is_send<F: Send>(_: &F) {}
        let client = unreachable_client();
        let call: Call<'_, (), ()> = client.call(Ok(Request::new(Method::GET, "/x")), |_| Ok(()));
        is_send(&call);
        // Dropped without polling: nothing happens.
        drop(call);
        let call: Call<'_, (), ()> = client.call(Ok(Request::new(Method::GET, "/x")), |_| Ok(()));
        assert!(matches!(call.await, Err(Error::Transport { .. })));
    }
}
