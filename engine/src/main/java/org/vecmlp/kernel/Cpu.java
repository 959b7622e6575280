package org.vecmlp.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The CPU this JVM runs on, as far as a tuning table needs it: vendor, family and model (from {@code /proc/cpuinfo}
 * on Linux; unknown elsewhere, where only the built-in defaults per vector width apply).
 *
 * @param vendor {@code AuthenticAMD}, {@code GenuineIntel}, … or {@code unknown}
 * @param family the CPU family number, −1 when unknown
 * @param model  the model number, −1 when unknown
 * @param name   the marketing name, or the architecture when unknown
 */
public record Cpu(String vendor, int family, int model, String name) {

    private static final class Holder {
        static final Cpu CURRENT = read(Path.of("/proc/cpuinfo"));
    }

    /** {@return this machine's CPU (read once)} */
    public static Cpu current() {
        return Holder.CURRENT;
    }

    /** Parses the first processor of a {@code /proc/cpuinfo} file; unknown fields when it cannot be read. */
    static Cpu read(Path cpuinfo) {
        String vendor = "unknown", name = System.getProperty("os.arch", "unknown");
        int family = -1, model = -1;
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.isBlank()) {
                    break; // the first processor is enough
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "vendor_id" -> vendor = value;
                    case "cpu family" -> family = parse(value);
                    case "model" -> model = parse(value);
                    case "model name" -> name = value;
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no procfs: the defaults per vector width apply
        }
        return new Cpu(vendor, family, model, name);
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@return whether the vendor is AMD} */
    public boolean amd() {
        return vendor.equals("AuthenticAMD");
    }

    /** {@return whether the vendor is Intel} */
    public boolean intel() {
        return vendor.equals("GenuineIntel");
    }

    @Override
    public String toString() {
        return family < 0 ? name : name + " (" + vendor + " family " + family + " model " + model + ")";
    }
}
