package org.vecmlp.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The entry point. Bad input (unknown names, nonsense numbers, unreadable or malformed files, divergence) is one
 * line on stderr and exit code 2; an unexpected failure is exit code 1. Stack traces only with {@code --verbose}.
 */
public final class Main {
    /** Exit code for bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an internal error. */
    public static final int INTERNAL_ERROR = 1;

    private Main() {
    }

    public static void main(String[] args) {
        boolean terminal = System.console() != null && System.console().isTerminal();
        int code = run(System.out, System.err, terminal, args);
        System.out.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit code (no {@code System.exit}). */
    public static int run(PrintStream out, PrintStream err, boolean terminal, String... args) {
        VecmlpCommand top = new VecmlpCommand(out, err, terminal);
        CommandLine cli = new CommandLine(top);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = top.verbose;
            String message = describe(e);
            if (message != null) {
                err.println("vecmlp: " + message);
                if (verbose) {
                    e.printStackTrace(err);
                }
                return BAD_INPUT;
            }
            err.println("vecmlp: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return INTERNAL_ERROR;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            err.println("vecmlp: " + e.getMessage());
            e.getCommandLine().usage(err);
            return BAD_INPUT;
        });
        return cli.execute(args);
    }

    /** The one-line message for an error caused by input, or null for an internal error. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            e = u.getCause();
        }
        return switch (e) {
            case CliException c -> c.getMessage();
            case NoSuchFileException n -> n.getFile() + ": no such file or directory"
                    + (n.getReason() != null ? " (" + n.getReason() + ")" : "");
            case AccessDeniedException a -> a.getFile() + ": permission denied";
            case IOException io -> io.getMessage() != null ? io.getMessage() : io.toString();
            case IllegalArgumentException iae -> iae.getMessage();
            default -> null;
        };
    }
}
