//! The tasks a request spawns (a page's resources loading, Suspense waits)
//! belong to it: they are cancelled, and have stopped, before the page's
//! reactive owners are dropped.
//!
//! Why: reactive_graph 0.2.16 looks a context up (`use_context`) by walking
//! an owner's parents while it holds a read lock on the owner. If the walk
//! lets go of the last reference to a parent, the parent's drop cleans its
//! children up and asks for that same owner's write lock, on the same
//! thread: the worker thread waits for itself for good. That happens when
//! a page is abandoned (the browser went away, or a response was dropped)
//! while one of its tasks runs on another thread: it was seen once under
//! load (gdb: `use_context → OwnerInner::drop → Cleanup::cleanup →
//! RwLock::write_contended`, in a task of a page long answered). So the
//! work of a request given up half-way, and the response body (which holds
//! the rendered page), are dropped only after every task the request spawned
//! has been cancelled and has stopped. Leptos has no such hook, hence this
//! module.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::response::Response;
use tokio::task::JoinHandle;

tokio::task_local! {
    static TASKS: Tasks;
    /// Set while [`without_tasks`] runs.
    static DISCARD: ();
}

/// Runs `f`, dropping unrun every task it spawns: for a library's set-up
/// whose effects must never run on the server (see
/// `app::provide_server_language_context`).
pub fn without_tasks<R>(f: impl FnOnce() -> R) -> R {
    DISCARD.sync_scope((), f)
}

/// The handles of the tasks one request has spawned so far.
#[derive(Clone, Default)]
struct Tasks(Arc<Mutex<Handles>>);

#[derive(Default)]
struct Handles {
    list: Vec<JoinHandle<()>>,
    /// When the list reaches this length, the finished ones go (then twice
    /// what is left: pruning stays linear however many run at once).
    prune_at: usize,
}

impl Tasks {
    fn push(&self, handle: JoinHandle<()>) {
        let mut handles = self.lock();
        if handles.list.len() >= handles.prune_at.max(64) {
            handles.list.retain(|handle| !handle.is_finished());
            handles.prune_at = handles.list.len() * 2;
        }
        handles.list.push(handle);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Handles> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn take(&self) -> Vec<JoinHandle<()>> {
        std::mem::take(&mut self.lock().list)
    }

    /// Cancels every task (and those they spawn meanwhile) and waits until
    /// each has stopped.
    async fn stop_all(&self) {
        loop {
            let handles = self.take();
            if handles.is_empty() {
                return;
            }
            for handle in &handles {
                handle.abort();
            }
            for handle in handles {
                // Cancelled or finished: either way it has stopped.
                let _ = handle.await;
            }
        }
    }

    fn all_finished(&self) -> bool {
        self.lock().list.iter().all(JoinHandle::is_finished)
    }
}

/// Spawns `task` on Tokio; while a request is under way, as one of its
/// tasks (see the module's comment). The executor Leptos spawns with.
pub fn spawn<F>(task: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    if DISCARD.try_with(|_| ()).is_ok() {
        return;
    }
    match TASKS.try_with(Tasks::clone) {
        Ok(tasks) => {
            let handle = tokio::spawn(TASKS.scope(tasks.clone(), task));
            tasks.push(handle);
        }
        Err(_) => {
            tokio::spawn(task);
        }
    }
}

/// Around everything that renders or reads the session (the router's
/// `around_requests`): runs the request's work with its task list, and
/// hands back a body that stops those tasks before it drops the page. A
/// request given up before its answer (the client left, or its time limit
/// passed) stops there too, and is dropped the same careful way. (A server
/// function's own owner is dropped inside leptos_axum when it answers; none
/// of ours spawns a task.)
pub async fn run<F>(work: F) -> Response
where
    F: Future<Output = Response> + Send + 'static,
{
    let tasks = Tasks::default();
    let response = Work {
        work: Some(Box::pin(TASKS.scope(tasks.clone(), work))),
        tasks: tasks.clone(),
    }
    .await;
    response.map(|body| {
        Body::new(RequestBody {
            body: Some(body),
            tasks,
        })
    })
}

/// A request's work under way: dropped unfinished, it is no longer run, and
/// is dropped once its tasks have stopped.
struct Work<F: Future + Send + 'static> {
    /// Taken when done, or by `drop`.
    work: Option<Pin<Box<F>>>,
    tasks: Tasks,
}

impl<F: Future + Send + 'static> Future for Work<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let Some(work) = this.work.as_mut() else {
            // Never polled again once it has answered.
            return Poll::Pending;
        };
        let output = std::task::ready!(work.as_mut().poll(cx));
        this.work = None;
        Poll::Ready(output)
    }
}

impl<F: Future + Send + 'static> Drop for Work<F> {
    fn drop(&mut self) {
        if let Some(work) = self.work.take() {
            drop_after_tasks(work, self.tasks.clone());
        }
    }
}

/// Drops `held` (a page, or the work rendering it) here if none of `tasks`
/// can be running, else once they are cancelled and stopped. What the drop
/// itself spawns (cleanups) is stopped after it.
fn drop_after_tasks<T: Send + 'static>(held: T, tasks: Tasks) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        // Not on a Tokio thread: nothing to wait with; dropped here.
        return;
    };
    if tasks.all_finished() {
        // The usual case: nothing can be running; dropped here.
        TASKS.sync_scope(tasks.clone(), || drop(held));
        if !tasks.all_finished() {
            runtime.spawn(async move { tasks.stop_all().await });
        }
        return;
    }
    runtime.spawn(async move {
        tasks.stop_all().await;
        TASKS.sync_scope(tasks.clone(), || drop(held));
        tasks.stop_all().await;
    });
}

/// A response body that keeps its request's tasks in reach: what they spawn
/// while it streams is theirs too, and they stop before it is dropped.
struct RequestBody {
    /// Taken by `drop`.
    body: Option<Body>,
    tasks: Tasks,
}

impl http_body::Body for RequestBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        match this.body.as_mut() {
            Some(body) => TASKS.sync_scope(this.tasks.clone(), || Pin::new(body).poll_frame(cx)),
            None => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body
            .as_ref()
            .is_none_or(http_body::Body::is_end_stream)
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body
            .as_ref()
            .map(http_body::Body::size_hint)
            .unwrap_or_default()
    }
}

impl Drop for RequestBody {
    fn drop(&mut self) {
        if let Some(body) = self.body.take() {
            drop_after_tasks(body, self.tasks.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    /// Records, when dropped, whether the request's task had finished.
    struct Page {
        task_done: Arc<AtomicBool>,
        dropped_after_task: Arc<Mutex<Option<bool>>>,
    }

    impl Drop for Page {
        fn drop(&mut self) {
            let done = self.task_done.load(Ordering::SeqCst);
            *self.dropped_after_task.lock().unwrap() = Some(done);
        }
    }

    /// Drops, with `drop_it`, a page while one of its request's tasks is in
    /// the middle of a step on another thread; checks that the page went only
    /// once that step was over, and that the rest of the task was cancelled.
    async fn page_outlives_a_running_task(drop_it: impl FnOnce(Page, Tasks)) {
        let task_done = Arc::new(AtomicBool::new(false));
        let dropped_after_task = Arc::new(Mutex::new(None));
        let reached_the_end = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::new(AtomicBool::new(false));
        let started = Arc::new(tokio::sync::Notify::new());
        let tasks = Tasks::default();

        TASKS.sync_scope(tasks.clone(), || {
            let task_done = task_done.clone();
            let reached_the_end = reached_the_end.clone();
            let started = started.clone();
            let cancelled = SetOnDrop(cancelled.clone());
            spawn(async move {
                let _cancelled = cancelled;
                started.notify_one();
                // One step that takes a while and can't be interrupted, as a
                // context lookup in the middle of rendering.
                std::thread::sleep(Duration::from_millis(300));
                task_done.store(true, Ordering::SeqCst);
                // What is left after a step can be cancelled.
                tokio::time::sleep(Duration::from_secs(3600)).await;
                reached_the_end.store(true, Ordering::SeqCst);
                std::mem::forget(_cancelled);
            });
        });
        started.notified().await;

        let page = Page {
            task_done: task_done.clone(),
            dropped_after_task: dropped_after_task.clone(),
        };
        drop_it(page, tasks);

        for _ in 0..100 {
            if dropped_after_task.lock().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(
            *dropped_after_task.lock().unwrap(),
            Some(true),
            "the page was dropped while its request's task was still running"
        );
        assert!(!reached_the_end.load(Ordering::SeqCst));
        assert!(
            cancelled.load(Ordering::SeqCst),
            "the request's task was not cancelled"
        );
    }

    /// A response body dropped (the client left while it streamed).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_dropped_body_keeps_its_page_until_the_tasks_stop() {
        page_outlives_a_running_task(|page, tasks| {
            drop(RequestBody {
                body: Some(Body::new(PageBody(page))),
                tasks,
            })
        })
        .await;
    }

    /// A request's work given up before its answer (the client left, or the
    /// time limit passed).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_given_up_keeps_its_page_until_the_tasks_stop() {
        page_outlives_a_running_task(|page, tasks| {
            let work = async move {
                let _page = page;
                std::future::pending::<()>().await;
            };
            drop(Work {
                work: Some(Box::pin(work)),
                tasks,
            })
        })
        .await;
    }

    struct SetOnDrop(Arc<AtomicBool>);

    impl Drop for SetOnDrop {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// A body whose only content is the page (dropped with it).
    struct PageBody(#[allow(dead_code)] Page);

    impl http_body::Body for PageBody {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            Poll::Ready(None)
        }
    }
}
