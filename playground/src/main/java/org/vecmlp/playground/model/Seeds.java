package org.vecmlp.playground.model;

import java.nio.charset.StandardCharsets;

/** Turns the playground's text seed into the numbers its random streams start from: one stream per purpose. */
final class Seeds {
    private Seeds() {
    }

    /** A 64-bit seed from the text and a purpose (FNV-1a, then a mixing step: stable across JVMs). */
    static long of(String seed, String purpose) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (seed + "/" + purpose).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
