package org.vecmlp.kernel;

import java.util.Locale;

/**
 * Chooses the default backend once per JVM and says which, and why, in one log line. The choice can be forced with
 * the system property {@value #PROPERTY} ({@code auto} or {@code scalar}); anything else is an error that names the
 * property. Callers that want a particular backend build it directly ({@link Backend#scalar()}), so tests and
 * benchmarks can hold several side by side.
 */
public final class BackendProvider {
    /** The system property that forces a backend. */
    public static final String PROPERTY = "vecmlp.backend";

    private static final System.Logger LOG = System.getLogger("org.vecmlp");

    private BackendProvider() {
    }

    private static final class Holder {
        static final Choice CHOICE = choose(System.getProperty(PROPERTY, "auto"));
    }

    /** A backend and the reason it was chosen. */
    public record Choice(Backend backend, String reason) {
    }

    /** The default backend for this JVM (chosen, and logged, on first use). */
    public static Backend defaultBackend() {
        return Holder.CHOICE.backend();
    }

    /** The default choice with its reason, for {@code vecmlp info} and reports. */
    public static Choice defaultChoice() {
        return Holder.CHOICE;
    }

    /** The names {@link #byName} accepts, besides {@code auto}, in this JVM. */
    public static java.util.List<String> available() {
        return java.util.List.of("scalar");
    }

    /** Whether the JVM was started with the Vector API module ({@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The vector shape the SIMD kernels would use, or why there is none. */
    public static String vectorSpeciesDescription() {
        return vectorModulePresent() ? "jdk.incubator.vector present; this build has no SIMD kernels yet"
                : "none: start the JVM with --add-modules jdk.incubator.vector";
    }

    /** Resolves a backend name: {@code auto} or {@code scalar}. */
    public static Backend byName(String name) {
        return choose(name).backend();
    }

    static Choice choose(String requested) {
        String name = requested.trim().toLowerCase(Locale.ROOT);
        Choice choice = switch (name) {
            case "auto" -> new Choice(Backend.scalar(), "auto: the scalar reference kernels are the only backend in this build");
            case "scalar" -> new Choice(Backend.scalar(), "forced by " + PROPERTY + "=scalar");
            default -> throw new IllegalArgumentException("unknown backend '" + requested + "' in " + PROPERTY
                    + " (expected auto or scalar)");
        };
        LOG.log(System.Logger.Level.DEBUG, "vecmlp backend: " + choice.backend().name() + " (" + choice.reason() + ")");
        return choice;
    }
}
