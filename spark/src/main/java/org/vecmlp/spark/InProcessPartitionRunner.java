package org.vecmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** The reference: every partition's task in this JVM, in partition order, each on its first attempt. */
public final class InProcessPartitionRunner implements PartitionRunner {
    private List<PartitionRows> partitions = List.of();

    /** A runner with no partitions yet ({@link #load} places them). */
    public InProcessPartitionRunner() {
    }

    @Override
    public void load(List<PartitionRows> parts) {
        partitions = List.copyOf(parts);
    }

    @Override
    public <S extends Serializable, R extends Serializable> List<R> run(S shared, Task<S, R> task) {
        List<R> results = new ArrayList<>(partitions.size());
        for (PartitionRows p : partitions) {
            try {
                results.add(task.run(shared, p, 0));
            } catch (RuntimeException e) {
                throw new PartitionFailure(p.index(), e);
            }
        }
        return results;
    }

    @Override
    public String describe() {
        return "in-process reference, " + partitions.size() + " partitions";
    }

    @Override
    public void close() {
    }
}
