//! Runs independent jobs on a few threads. Results come back in job order, so the output
//! never depends on the number of threads or on which thread finished first.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A job and a rough measure of its work; heavier jobs start first, so the last job to
/// finish is a small one.
pub struct Job<'a, T> {
    /// Relative cost; only the order matters.
    pub weight: usize,
    /// The work.
    pub run: Box<dyn Fn() -> T + Sync + 'a>,
}

/// Runs every job on up to `threads` threads (the calling thread is one of them) and
/// returns the results in the order of `jobs`. `beside` runs once, first, on one of the
/// threads: work without a result of its own (it keeps what it finds itself), done by the
/// pool rather than by a thread of its own that would compete with it for the cores.
pub fn run<T: Send>(jobs: &[Job<'_, T>], threads: usize, beside: &(dyn Fn() + Sync)) -> Vec<T> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&index| (std::cmp::Reverse(jobs[index].weight), index));
    let slots: Vec<Mutex<Option<T>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let beside_taken = AtomicBool::new(false);
    let work = || {
        if !beside_taken.swap(true, Ordering::Relaxed) {
            beside();
        }
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let result = (jobs[index].run)();
            *slots[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.clamp(1, jobs.len() + 1) {
            scope.spawn(work);
        }
        work();
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                // `scope` joins every thread and re-raises a panic, so every slot is full.
                .expect("every job ran")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        let jobs: Vec<Job<'_, usize>> = (0..50)
            .map(|i| Job {
                weight: (i * 7) % 11,
                run: Box::new(move || i * i),
            })
            .collect();
        for threads in [0, 1, 2, 8, 100] {
            let expected: Vec<usize> = (0..50).map(|i| i * i).collect();
            assert_eq!(run(&jobs, threads, &|| {}), expected, "{threads} threads");
        }
        assert!(run::<usize>(&[], 4, &|| {}).is_empty());
    }

    #[test]
    fn beside_runs_once_with_the_jobs() {
        let jobs: Vec<Job<'_, usize>> = (0..20)
            .map(|i| Job {
                weight: i,
                run: Box::new(move || i + 1),
            })
            .collect();
        for threads in [0, 1, 2, 8] {
            let count = AtomicUsize::new(0);
            let beside = || {
                count.fetch_add(1, Ordering::Relaxed);
            };
            let results = run(&jobs, threads, &beside);
            assert_eq!(results, (1..=20).collect::<Vec<_>>(), "{threads} threads");
            assert_eq!(count.load(Ordering::Relaxed), 1, "{threads} threads");
        }
        let count = AtomicUsize::new(0);
        let beside = || {
            count.fetch_add(1, Ordering::Relaxed);
        };
        assert!(run::<usize>(&[], 2, &beside).is_empty());
        assert_eq!(count.load(Ordering::Relaxed), 1, "no jobs");
    }
}
