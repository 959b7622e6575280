package org.vecmlp;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Allocation checks that do not depend on when the JIT compiles. Vector API code allocates until C2 has compiled it
 * (and again for a while after a deoptimisation, until it is compiled anew), so a fixed number of warm-up calls is
 * enough on one machine and load and not on another. {@link #await} runs a block of calls until one block allocates
 * no more than a small bound on the threads that do the work, within a time limit; the test then makes its real
 * assertion on a long run that follows. Nothing is asserted less: only the wait before it adapts.
 */
public final class SteadyAllocation {
    private SteadyAllocation() {
    }

    /** Bytes allocated so far by the calling thread. */
    public static LongSupplier currentThread() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        return () -> threads.getThreadAllocatedBytes(id);
    }

    /**
     * Bytes allocated so far by the calling thread and every live thread whose name starts with {@code prefix} (a
     * pool's workers): the threads that run a parallel step, and no others (not the warm-up thread, the test
     * harness's or the JIT's). Reading it allocates nothing while no thread starts or ends: the thread list is
     * looked up again only when the JVM's thread count changes.
     */
    public static LongSupplier currentThreadAnd(String prefix) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        return new LongSupplier() {
            private long[] ids = {self};
            private int threadCount = -1;

            @Override
            public long getAsLong() {
                int count = threads.getThreadCount();
                if (count != threadCount) {
                    threadCount = count;
                    List<Long> found = new ArrayList<>();
                    found.add(self);
                    for (Thread t : Thread.getAllStackTraces().keySet()) {
                        if (t.getName().startsWith(prefix)) {
                            found.add(t.threadId());
                        }
                    }
                    ids = found.stream().mapToLong(Long::longValue).toArray();
                }
                long sum = 0;
                for (long id : ids) {
                    sum += Math.max(0, threads.getThreadAllocatedBytes(id)); // -1 for a thread that ended since
                }
                return sum;
            }
        };
    }

    /** How the wait ended: whether a quiet block came within the limit, and what each block allocated. */
    public record Wait(boolean quiet, List<Long> blocks) {
        @Override
        public String toString() {
            return (quiet ? "quiet after " : "never quiet in ") + blocks.size() + " blocks, bytes per block "
                    + (blocks.size() <= 12 ? blocks : blocks.subList(0, 6) + " … " + blocks.subList(blocks.size() - 6,
                    blocks.size()));
        }
    }

    /**
     * Runs {@code block} until one run of it allocates at most {@code quietBytes} as {@code allocated} counts, or
     * {@code limit} has passed.
     *
     * @param allocated  the allocation counter of the threads that matter
     * @param block      a fixed batch of calls
     * @param quietBytes what a block may allocate once compiled (counters have a little noise of their own)
     * @param limit      the longest wait
     * @return how it ended
     */
    public static Wait await(LongSupplier allocated, Runnable block, long quietBytes, Duration limit) {
        List<Long> blocks = new ArrayList<>();
        long end = System.nanoTime() + limit.toNanos();
        do {
            long before = allocated.getAsLong();
            block.run();
            long bytes = allocated.getAsLong() - before;
            blocks.add(bytes);
            if (bytes >= 0 && bytes <= quietBytes) { // below 0: a counted thread ended, so measure again
                return new Wait(true, blocks);
            }
        } while (System.nanoTime() < end);
        return new Wait(false, blocks);
    }

    /** Bytes {@code allocated} counts while {@code calls} runs. */
    public static long during(LongSupplier allocated, Runnable calls) {
        long before = allocated.getAsLong();
        calls.run();
        return allocated.getAsLong() - before;
    }
}
