package org.vecmlp.playground;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The playground's packages depend one way: data (sets, features, uploads) ← model (settings and the run on the
 * engine) ← pictures and server, which know nothing of each other; none reaches the engine's internal kernels.
 */
class PlaygroundPackageRulesTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vecmlp.playground");

    @Test
    void layersPointOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("data").definedBy("org.vecmlp.playground.data..")
                .layer("model").definedBy("org.vecmlp.playground.model..")
                .layer("pictures").definedBy("org.vecmlp.playground.pictures..")
                .layer("server").definedBy("org.vecmlp.playground.server..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("pictures").mayNotBeAccessedByAnyLayer()
                .whereLayer("model").mayOnlyBeAccessedByLayers("pictures", "server")
                .whereLayer("data").mayOnlyBeAccessedByLayers("model", "pictures", "server")
                .check(CLASSES);
    }

    @Test
    void noCycles() {
        slices().matching("org.vecmlp.playground.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheEnginesPublicApi() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.vecmlp.kernel.scalar..", "org.vecmlp.kernel.simd..", "org.vecmlp.tune..")
                .check(CLASSES);
    }
}
