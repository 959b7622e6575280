package org.vecmlp.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vecmlp.kernel.BackendProvider;
import org.vecmlp.kernel.Cpu;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vecmlp info}: the JDK, the CPU, the vector support, the backends and the one chosen. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the JDK, CPU, vector species, available backends and the one chosen.")
final class InfoCommand implements Callable<Integer> {
    @ParentCommand
    VecmlpCommand parent;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        BackendProvider.Choice choice = BackendProvider.defaultChoice();
        Map<String, Object> info = Json.object();
        info.put("jdk", Runtime.version().toString());
        info.put("jdk_vendor", System.getProperty("java.vendor"));
        info.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        info.put("cpu", Cpu.current().name());
        info.put("cores", Runtime.getRuntime().availableProcessors());
        info.put("vector_module", BackendProvider.vectorModulePresent());
        info.put("vector_species", BackendProvider.vectorSpeciesDescription());
        info.put("backends", BackendProvider.available());
        info.put("backend", choice.backend().name());
        info.put("backend_reason", choice.reason());
        info.put("gemm_tuning", BackendProvider.tuningDescription());
        BackendProvider.jitAdvice().ifPresent(advice -> info.put("jit_advice", advice));
        info.put("threads", 1);
        if (json) {
            parent.out().println(Json.write(info));
        } else {
            for (Map.Entry<String, Object> e : info.entrySet()) {
                parent.out().printf(Locale.ROOT, "%-15s %s%n", e.getKey().replace('_', ' '), e.getValue());
            }
        }
        return 0;
    }

}
