//! What differs by operating system at start-up: on Windows, the windowed program has no
//! console of its own, so a command run from a terminal attaches to the terminal's console to
//! print there. Elsewhere nothing is needed.

/// Windows: when `deskaudit.exe` (built without a console) is run from a terminal with a
/// command such as `check`, attach to that terminal's console so the output appears in it.
/// Handles that already point somewhere (output redirected to a file or a pipe) are kept.
/// The console build (`deskaudit.com`) and other platforms need nothing, so this does nothing.
pub fn attach_parent_console() {
    #[cfg(all(windows, not(feature = "console")))]
    windows::attach_parent_console();
}

#[cfg(all(windows, not(feature = "console")))]
mod windows {
    use std::ffi::c_void;

    type Handle = *mut c_void;
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    const STD_OUTPUT_HANDLE: u32 = -11i32 as u32;
    const STD_ERROR_HANDLE: u32 = -12i32 as u32;
    const GENERIC_READ: u32 = 0x8000_0000;
    const GENERIC_WRITE: u32 = 0x4000_0000;
    const FILE_SHARE_READ: u32 = 1;
    const FILE_SHARE_WRITE: u32 = 2;
    const OPEN_EXISTING: u32 = 3;
    const INVALID_HANDLE_VALUE: Handle = -1isize as Handle;

    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
        fn GetStdHandle(which: u32) -> Handle;
        fn SetStdHandle(which: u32, handle: Handle) -> i32;
        fn CreateFileW(
            name: *const u16,
            access: u32,
            share: u32,
            security: *mut c_void,
            disposition: u32,
            flags: u32,
            template: Handle,
        ) -> Handle;
    }

    fn is_set(handle: Handle) -> bool {
        !handle.is_null() && handle != INVALID_HANDLE_VALUE
    }

    pub(super) fn attach_parent_console() {
        // SAFETY: plain Win32 calls with valid arguments; every handle is checked before use.
        unsafe {
            let out_set = is_set(GetStdHandle(STD_OUTPUT_HANDLE));
            let err_set = is_set(GetStdHandle(STD_ERROR_HANDLE));
            if out_set && err_set {
                return; // Redirected by the caller: write where they asked.
            }
            if AttachConsole(ATTACH_PARENT_PROCESS) == 0 {
                return; // Started from Explorer or a shortcut: there is no console to use.
            }
            let name: Vec<u16> = "CONOUT$\0".encode_utf16().collect();
            let console = CreateFileW(
                name.as_ptr(),
                GENERIC_READ | GENERIC_WRITE,
                FILE_SHARE_READ | FILE_SHARE_WRITE,
                std::ptr::null_mut(),
                OPEN_EXISTING,
                0,
                std::ptr::null_mut(),
            );
            if !is_set(console) {
                return;
            }
            if !out_set {
                SetStdHandle(STD_OUTPUT_HANDLE, console);
            }
            if !err_set {
                SetStdHandle(STD_ERROR_HANDLE, console);
            }
        }
    }
}

/// Gives memory freed by finished background work back to the system: glibc keeps the
/// pages a thread freed in that thread's arena otherwise, and they stay counted against the
/// app for as long as it runs. Called when a background job ends, never per frame. (Keeping
/// one arena for every thread saved a few MB more but cost about 9 ms before the first frame,
/// the start-up threads then waiting on the window's allocations.)
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::trim();
}

/// For a program that stays open (the window): large blocks (256 KiB and up: the state
/// tables of a scenario's analysis, a file's text) are mapped on their own and unmapped when
/// freed. glibc's default threshold rises to the size of the largest block freed so far, after
/// which such blocks come from the heap and leave it scattered with pages it cannot give
/// back: the window idled at 149 MiB after its first analysis of the library, 134 MiB with
/// the threshold fixed. Not for the command line, which exits when done and wants speed.
pub fn keep_large_blocks_apart() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::fix_mmap_threshold(256 * 1024);
}

/// For a command that runs once and exits (`deskaudit check`): the heaps of the threads that
/// parse and analyse grow 16 MiB at a time instead of a page at a time. glibc grows a
/// thread's heap by exactly what each allocation needs, one `mprotect` call (and a wait for
/// the process's memory lock, which the other threads' page faults hold) per 4 KiB: checking
/// the 10,000-node generated scenario made 1,993 such calls, 16 with this. Not for the
/// window, which keeps what it holds.
pub fn grow_heaps_in_large_steps() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::set_top_pad(16 << 20);
}

/// For `deskaudit check` on Linux with glibc: runs the program again, once, in place (the
/// same process id, arguments and standard streams), with glibc's allocator tuned for a
/// command that allocates a great deal and then exits: heaps that grow 16 MiB at a time, and
/// transparent huge pages for them (`GLIBC_TUNABLES`, which glibc reads only as a program
/// starts). Faulting in memory a 4 KiB page at a time was half the time the kernel spent on
/// checking the 10,000-node generated scenario: 22,700 page faults, 10,800 with this, and
/// 101 -> 86 ms (`hyperfine`, `scripts/bench.sh`). Returns, and the check runs as it is,
/// when that is not possible or already done: another system, `GLIBC_TUNABLES` set by the
/// user, or the program cannot be started again.
pub fn tune_allocator_for_one_command() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::run_again_tuned();
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    /// Set in the environment of the program run again, so that it runs only once more.
    const TUNED: &str = "DESKAUDIT_ALLOCATOR_TUNED";
    /// Heaps grow 16 MiB at a time (a page at a time otherwise), with huge pages.
    const TUNABLES: &str = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216";

    pub(super) fn run_again_tuned() {
        use std::os::unix::process::CommandExt;
        if std::env::var_os(TUNED).is_some() || std::env::var_os("GLIBC_TUNABLES").is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
        // `exec` only returns on failure: the check then runs here, untuned.
        let _failed = std::process::Command::new(&exe)
            .arg0(arg0)
            .args(args)
            .env("GLIBC_TUNABLES", TUNABLES)
            .env(TUNED, "1")
            .exec();
    }

    use std::ffi::c_int;

    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> c_int;
    }

    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }

    /// `M_MMAP_THRESHOLD` in glibc's `malloc.h`.
    const M_MMAP_THRESHOLD: c_int = -3;
    /// `M_TOP_PAD` in glibc's `malloc.h`.
    const M_TOP_PAD: c_int = -2;

    pub(super) fn set_top_pad(bytes: c_int) {
        // SAFETY: a documented glibc call; it only changes how much a heap grows at a time.
        unsafe {
            mallopt(M_TOP_PAD, bytes);
        }
    }

    pub(super) fn fix_mmap_threshold(bytes: c_int) {
        // SAFETY: a documented glibc call; setting the threshold also turns off its dynamic
        // adjustment, which is the point.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, bytes);
        }
    }

    pub(super) fn trim() {
        // SAFETY: a documented glibc call; it only returns unused pages to the system.
        unsafe {
            malloc_trim(0);
        }
    }
}
