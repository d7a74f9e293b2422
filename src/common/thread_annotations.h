// Clang thread-safety annotations (-Wthread-safety): what a mutex guards, what a function needs
// held. Macros only; they expand to nothing on compilers without the analysis.
#pragma once

#if defined(__clang__)
#define PORTCULLIS_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define PORTCULLIS_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) PORTCULLIS_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY PORTCULLIS_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) PORTCULLIS_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) PORTCULLIS_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) PORTCULLIS_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define REQUIRES_SHARED(...) PORTCULLIS_THREAD_ANNOTATION(requires_shared_capability(__VA_ARGS__))
#define ACQUIRE(...) PORTCULLIS_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) PORTCULLIS_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) PORTCULLIS_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) PORTCULLIS_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define RELEASE_GENERIC(...) PORTCULLIS_THREAD_ANNOTATION(release_generic_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) PORTCULLIS_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define EXCLUDES(...) PORTCULLIS_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ASSERT_CAPABILITY(x) PORTCULLIS_THREAD_ANNOTATION(assert_capability(x))
#define ASSERT_SHARED_CAPABILITY(x) PORTCULLIS_THREAD_ANNOTATION(assert_shared_capability(x))
#define NO_THREAD_SAFETY_ANALYSIS PORTCULLIS_THREAD_ANNOTATION(no_thread_safety_analysis)
