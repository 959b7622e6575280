package org.vecmlp.kernel;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vecmlp.kernel.parallel.ParallelBackend;

/**
 * Chooses the default backend once per JVM and says which and why. {@code auto} takes the SIMD backend when the
 * {@code jdk.incubator.vector} module is in the JVM and the CPU's preferred vectors are at least 256 bits wide;
 * otherwise the scalar one, logging one line with the reason. The system property {@value #PROPERTY} forces a
 * choice ({@code auto}, {@code scalar}, {@code simd}, {@code parallel}: the best serial kernels on a pool of one
 * thread a core); forcing one that cannot run is an error that says why.
 *
 * <p>The SIMD classes are reached by reflection, and only after the module check, so the engine loads and trains
 * without {@code --add-modules jdk.incubator.vector}. Callers that want a particular backend ask for it by name;
 * tests and benchmarks hold several side by side.
 */
public final class BackendProvider {
    /** The system property that forces a backend. */
    public static final String PROPERTY = "vecmlp.backend";
    private static final String SIMD_CLASS = "org.vecmlp.kernel.simd.SimdBackend";
    private static final System.Logger LOG = System.getLogger("org.vecmlp");

    private BackendProvider() {
    }

    private static final class Holder {
        /** The default choice, or the message saying why the requested one is impossible. */
        static final Object CHOICE = resolveDefault();
    }

    private static final class SimdHolder {
        /** The SIMD backend, or why there is none: decided once (a failed class initialisation cannot be retried). */
        static final Object SIMD = loadSimd();
    }

    private static Object resolveDefault() {
        String requested = System.getProperty(PROPERTY, "auto");
        try {
            return logged(choose(requested, true));
        } catch (IllegalArgumentException e) {
            return "-D" + PROPERTY + "=" + requested + ": " + e.getMessage();
        }
    }

    /**
     * A backend and the reason it was chosen.
     *
     * @param backend the backend
     * @param reason  why, in a sentence (what was asked for, what the JVM and the CPU offer)
     */
    public record Choice(Backend backend, String reason) {
    }

    /**
     * The default backend for this JVM (chosen, and logged, on first use).
     *
     * @return SIMD where it can run, otherwise scalar; or the one {@code -Dvecmlp.backend} names
     * @throws IllegalArgumentException naming the system property, when it asks for a backend that cannot run
     */
    public static Backend defaultBackend() {
        return defaultChoice().backend();
    }

    /**
     * {@return the default choice with its reason, for {@code vecmlp info} and reports; throws as {@link #defaultBackend}}
     */
    public static Choice defaultChoice() {
        if (Holder.CHOICE instanceof Choice c) {
            return c;
        }
        throw new IllegalArgumentException((String) Holder.CHOICE);
    }

    /**
     * Resolves a backend name ({@code auto}, {@code scalar}, {@code simd}, or {@code parallel} on every core);
     * throws with the reason if unavailable.
     *
     * @param name the name, as {@code --backend} takes it
     * @return the backend (a new parallel one, for the caller to close, for {@code parallel})
     */
    public static Backend byName(String name) {
        return choose(name, false).backend();
    }

    /** {@return the backend names that can run in this JVM, besides {@code auto}} */
    public static List<String> available() {
        List<String> names = new ArrayList<>(List.of("scalar"));
        if (simd() instanceof Backend) {
            names.add("simd");
        }
        names.add("parallel");
        return names;
    }

    /** {@return the fastest single-thread backend here: SIMD when it can run, scalar otherwise} */
    public static Backend bestSerial() {
        return simd() instanceof Backend b ? b : Backend.scalar();
    }

    /**
     * A parallel backend over {@link #bestSerial()} with its own pool of {@code threads} daemon threads; close it
     * to stop them (they also end with the JVM). {@link #byName}{@code ("parallel")} makes a new one each call, for
     * the caller to close; the {@link #defaultBackend()} is shared and closing it does nothing.
     *
     * @param threads the number of threads
     * @return the backend, for the caller to close
     */
    public static ParallelBackend parallel(int threads) {
        return new ParallelBackend(bestSerial(), threads);
    }

    /**
     * Brings the SIMD kernels to full speed now: they run scalar twins with the same bits until a background warm-up
     * has seen the vector code compiled, which they start only after a short run's worth of work. A service that
     * wants full speed from its first requests calls this at start-up; benchmarks call it in their setup. Waits up to
     * {@code timeout}.
     *
     * @param timeout how long to wait at most
     * @return true when vector code runs (or there is no SIMD backend to wait for)
     */
    public static boolean warmUp(java.time.Duration timeout) {
        if (!(simd() instanceof Backend)) {
            return true;
        }
        try {
            return (Boolean) Class.forName(SIMD_CLASS).getMethod("warmUp", long.class).invoke(null, timeout.toMillis());
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return false;
            }
            throw new IllegalStateException("the SIMD warm-up failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SIMD warm-up failed", e);
        }
    }

    /** {@return whether the JVM was started with the Vector API module ({@code --add-modules jdk.incubator.vector})} */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** {@return the vector shape the SIMD kernels use, or why there is none} */
    public static String vectorSpeciesDescription() {
        Object simd = simd();
        if (simd instanceof Backend) {
            try {
                return (String) Class.forName(SIMD_CLASS).getMethod("speciesDescription").invoke(null);
            } catch (ReflectiveOperationException e) {
                return "unknown: " + e;
            }
        }
        return "none: " + simd;
    }

    /**
     * The SIMD GEMM's tuning in force ({@link Tuning}), e.g. {@code 5x2v mc=100 kc=256 nc=512 … (built-in for …)},
     * or why there is none.
     *
     * @return the description
     * @throws IllegalArgumentException when a tuning file is named or found but cannot be used
     */
    public static String tuningDescription() {
        if (!(simd() instanceof Backend)) {
            return "none: " + simd();
        }
        Tuning.requested(); // a broken file: the exception names it
        try {
            return Class.forName(SIMD_CLASS).getMethod("tuningInForce").invoke(null).toString();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            return "unknown: " + e;
        }
    }

    /**
     * {@code shared}: the JVM's default, used by every caller, so a parallel one runs on a pool that no caller's
     * {@code close()} can shut; otherwise a parallel backend owns its pool, for the caller to close.
     */
    static Choice choose(String requested, boolean shared) {
        String name = requested.trim().toLowerCase(Locale.ROOT);
        if (!name.equals("scalar") && simd() instanceof Backend) {
            Tuning.requested(); // the SIMD GEMM will run: a tuning file that cannot be used is an error, said now
        }
        if (!name.equals("scalar")) {
            checkVectorBitsProperty();
        }
        return switch (name) {
            case "auto" -> {
                Object simd = simd();
                yield simd instanceof Backend b
                        ? new Choice(b, "auto: jdk.incubator.vector is present and vectors are "
                        + vectorSpeciesDescription())
                        : new Choice(Backend.scalar(), "auto: the SIMD backend is not available: " + simd);
            }
            case "scalar" -> new Choice(Backend.scalar(), "requested: scalar");
            case "parallel" -> {
                int threads = Runtime.getRuntime().availableProcessors();
                ParallelBackend backend = shared ? new ParallelBackend(bestSerial(), ParallelBackend.newPool(threads))
                        : parallel(threads);
                yield new Choice(backend, "requested: parallel on " + threads + " threads");
            }
            case "simd" -> {
                Object simd = simd();
                if (simd instanceof Backend b) {
                    yield new Choice(b, "requested: simd, " + vectorSpeciesDescription());
                }
                throw new IllegalArgumentException("the simd backend cannot run here: " + simd);
            }
            default -> throw new IllegalArgumentException("unknown backend '" + requested
                    + "' (expected auto, scalar, simd or parallel)");
        };
    }

    /** The property that narrows the SIMD kernels' vector size (read by the SIMD classes). */
    private static final String VECTOR_BITS_PROPERTY = "vecmlp.simd.bits";

    /**
     * Refuses a vector size no CPU has: a typo would otherwise make the SIMD classes fail to load and the choice fall
     * back to scalar without a word.
     */
    private static void checkVectorBitsProperty() {
        String bits = System.getProperty(VECTOR_BITS_PROPERTY, "").trim();
        if (!bits.isEmpty() && !java.util.List.of("0", "64", "128", "256", "512").contains(bits)) {
            throw new IllegalArgumentException("-D" + VECTOR_BITS_PROPERTY + "=" + bits + " is not a vector size (use "
                    + "128, 256 or 512, or leave it unset for the CPU's own)");
        }
    }

    /** The SIMD backend, or a String saying why there is none. */
    private static Object simd() {
        return SimdHolder.SIMD;
    }

    private static Object loadSimd() {
        if (!vectorModulePresent()) {
            return "the jdk.incubator.vector module is not in this JVM (start it with --add-modules jdk.incubator.vector)";
        }
        try {
            return Class.forName(SIMD_CLASS).getMethod("create").invoke(null);
        } catch (InvocationTargetException e) {
            return e.getCause() instanceof ExceptionInInitializerError init && init.getCause() != null
                    ? reason(init.getCause()) : reason(e.getCause());
        } catch (ExceptionInInitializerError e) {
            return e.getCause() != null ? reason(e.getCause()) : e.toString();
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the SIMD classes failed to load: " + e;
        }
    }

    /** A failure's message, or its class when it has none (a reason is never "null"). */
    private static String reason(Throwable t) {
        return t.getMessage() != null && !t.getMessage().isBlank() ? t.getMessage() : t.toString();
    }

    /**
     * A warning when this JVM will run the SIMD kernels slowly, or empty. C2 compiles the vector micro-kernels about
     * 2× faster with loop strip mining on (measured on Zen 3: 25–28 against 40–65 GFLOP/s): the default collector (G1)
     * turns it on, the Parallel and Serial collectors turn it off.
     *
     * @return the warning, or empty when the JIT will run them at full speed
     */
    public static java.util.Optional<String> jitAdvice() {
        try {
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            boolean safepoints = Boolean.parseBoolean(hotspot.getVMOption("UseCountedLoopSafepoints").getValue());
            long iterations = Long.parseLong(hotspot.getVMOption("LoopStripMiningIter").getValue());
            if (safepoints && iterations > 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("C2's loop strip mining is off in this JVM (the Parallel and Serial "
                    + "collectors turn it off), which halves the SIMD GEMM's speed; use the default collector or add "
                    + "-XX:+UseCountedLoopSafepoints -XX:LoopStripMiningIter=1000");
        } catch (RuntimeException | LinkageError e) {
            return java.util.Optional.empty(); // not HotSpot, or no management: nothing to say
        }
    }

    private static Choice logged(Choice choice) {
        if (choice.backend() != Backend.scalar()) {
            jitAdvice().ifPresent(advice -> LOG.log(System.Logger.Level.WARNING, "vecmlp: " + advice));
        }
        System.Logger.Level level = choice.backend() == Backend.scalar() && choice.reason().startsWith("auto")
                ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
        LOG.log(level, "vecmlp backend: " + choice.backend().name() + " (" + choice.reason() + ")");
        return choice;
    }
}
