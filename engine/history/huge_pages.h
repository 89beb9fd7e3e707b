#pragma once

namespace cd::history {

// A state at the cursor clones thousands of tenants out of snapshots spread
// over hundreds of megabytes of malloc'd memory; on 4 KiB pages nearly every
// one is a TLB miss (and, in a virtual machine, a costly page walk). glibc's
// malloc backs its heaps with transparent huge pages when the tunable
// glibc.malloc.hugetlb=1 is set, which it reads only when the process
// starts: so the program re-executes itself once with it added to
// GLIBC_TUNABLES. At 10M entries, random states on a thread of their own
// (bench_history, 600 each run): median 11.1-15.3 ms and p90 16-23 ms, from
// 13.9-30.5 and 28-91 ms; peak RSS 750 MB from 735. The re-execution costs
// the GUI about 40 ms of start-up (its libraries load twice).
//
// Call first thing in main(), with main's argv. Returns (doing nothing) when
// the tunable is already set to any value (glibc.malloc.hugetlb=0 turns this
// off), under AddressSanitizer (not glibc's malloc), off Linux, or when the
// re-execution fails; otherwise it does not return.
void reexecWithHugePageMalloc(char** argv);

} // namespace cd::history
