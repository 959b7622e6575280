package org.vecmlp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The engine's dependencies point one way: kernels at the bottom (depending on nothing else in the engine), then
 * tensors and the network, then training and inference, then model files and the tuner. Checked on the compiled
 * classes, so a new import that turns an arrow around fails the build.
 */
class PackageRulesTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vecmlp");

    @Test
    void theKernelLayerDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("org.vecmlp.kernel..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp", "org.vecmlp.nn..",
                        "org.vecmlp.tensor..", "org.vecmlp.train..", "org.vecmlp.infer..", "org.vecmlp.io..",
                        "org.vecmlp.data..", "org.vecmlp.neuron..", "org.vecmlp.tune..")
                .because("the kernels are the bottom layer: their own element-wise codes (Pointwise), no nn import")
                .check(ENGINE);
    }

    @Test
    void onlyTheSimdPackageTouchesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("org.vecmlp.kernel.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .because("the engine must load and run (scalar) without the incubator module")
                .check(ENGINE);
    }

    @Test
    void dataReadersDependOnNoOtherEnginePackage() {
        noClasses().that().resideInAPackage("org.vecmlp.data..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp", "org.vecmlp.kernel..",
                        "org.vecmlp.nn..", "org.vecmlp.tensor..", "org.vecmlp.train..", "org.vecmlp.infer..",
                        "org.vecmlp.io..", "org.vecmlp.neuron..", "org.vecmlp.tune..")
                .check(ENGINE);
    }

    @Test
    void theNetworkKnowsNeitherTrainingNorInferenceNorFiles() {
        noClasses().that().resideInAnyPackage("org.vecmlp.nn..", "org.vecmlp.tensor..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp.train..", "org.vecmlp.infer..",
                        "org.vecmlp.io..", "org.vecmlp.neuron..", "org.vecmlp.tune..", "org.vecmlp.data..")
                .check(ENGINE);
    }

    @Test
    void trainingAndInferenceAreIndependentAndKnowNoFiles() {
        noClasses().that().resideInAPackage("org.vecmlp.train..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp.infer..", "org.vecmlp.io..",
                        "org.vecmlp.neuron..", "org.vecmlp.tune..")
                .check(ENGINE);
        noClasses().that().resideInAPackage("org.vecmlp.infer..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp.train..", "org.vecmlp.io..",
                        "org.vecmlp.neuron..", "org.vecmlp.tune..")
                .check(ENGINE);
        noClasses().that().resideInAPackage("org.vecmlp.infer..")
                .should().dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("org.vecmlp.data..").and(com.tngtech.archunit.base.DescribedPredicate.not(
                                com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(
                                        org.vecmlp.data.Standardizer.class))))
                .because("a predictor applies a model's input standardisation, and knows no data sets or readers")
                .check(ENGINE);
    }

    @Test
    void theTunerUsesOnlyTheKernels() {
        noClasses().that().resideInAPackage("org.vecmlp.tune..")
                .should().dependOnClassesThat().resideInAnyPackage("org.vecmlp", "org.vecmlp.nn..",
                        "org.vecmlp.tensor..", "org.vecmlp.train..", "org.vecmlp.infer..", "org.vecmlp.io..",
                        "org.vecmlp.data..", "org.vecmlp.neuron..")
                .check(ENGINE);
    }

    @Test
    void theLayersBelowTheFacadeHaveNoCycles() {
        slices().matching("org.vecmlp.(data|nn|train|infer|io|neuron|tune)..").should().beFreeOfCycles()
                .check(ENGINE);
    }
}
