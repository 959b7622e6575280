package org.vecmlp.spark;

/** The seeds of the batches: one stream a (seed, epoch, partition), mixed so that neighbours are unrelated. */
final class Seeds {
    private Seeds() {
    }

    static long of(long seed, long epoch, int partition) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + partition * 0x165667B19E3779F9L;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
