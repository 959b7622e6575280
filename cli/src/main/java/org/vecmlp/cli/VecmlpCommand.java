package org.vecmlp.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code vecmlp} command: global options and the subcommands. */
@Command(name = "vecmlp", mixinStandardHelpOptions = true, versionProvider = VecmlpCommand.BuildVersion.class,
        description = "Train, evaluate and run dense multi-layer perceptrons on the CPU.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, ImportCommand.class,
                ExportCommand.class, InfoCommand.class, TuneCommand.class,
                PlaygroundCommand.class, ServeCommand.class},
        footer = {"", "Exit codes: 0 success, 2 bad input or usage (one line, no stack trace; --verbose shows it), "
                + "1 internal error."})
final class VecmlpCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    VecmlpCommand(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Whether stderr is an interactive terminal (redraw the progress line) or a log (one line per report). */
    boolean terminal() {
        return terminal;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The version the build wrote into {@code version.properties}. */
    static String version() {
        try (java.io.InputStream in = VecmlpCommand.class.getResourceAsStream("version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** {@code --version}: this build's version, the JDK and the backend in force. */
    static final class BuildVersion implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vecmlp " + version(), "JDK " + Runtime.version() + ", backend "
                    + org.vecmlp.kernel.BackendProvider.defaultChoice().backend().name()};
        }
    }

    @Override
    public Integer call() {
        err.println("vecmlp: missing command: train, eval, predict, import, export, info or tune");
        spec.commandLine().usage(err);
        return Main.BAD_INPUT;
    }
}
