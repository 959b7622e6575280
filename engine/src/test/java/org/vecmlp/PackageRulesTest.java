package org.vecmlp;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.vecmlp.data.Standardizer;

/**
 * The engine's layering, written down once ({@link #layersAndWhatEachMayUse}) and checked on the compiled classes,
 * so a new import that turns an arrow around fails the build. From the bottom: the kernels, the data readers and the
 * tensors (each depending on no other engine package); the network and its spec; training and inference; the
 * {@link Mlp} facade over them; model files, single neurons and the tuner on top.
 */
class PackageRulesTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.vecmlp");

    @Test
    void layersAndWhatEachMayUse() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("kernel").definedBy("org.vecmlp.kernel..")
                .layer("data").definedBy("org.vecmlp.data..")
                .layer("tensor").definedBy("org.vecmlp.tensor..")
                .layer("nn").definedBy("org.vecmlp.nn..")
                .layer("train").definedBy("org.vecmlp.train..")
                .layer("infer").definedBy("org.vecmlp.infer..")
                .layer("facade").definedBy("org.vecmlp")
                .layer("io").definedBy("org.vecmlp.io..")
                .layer("neuron").definedBy("org.vecmlp.neuron..")
                .layer("tune").definedBy("org.vecmlp.tune..")
                .whereLayer("kernel").mayNotAccessAnyLayer()
                .whereLayer("data").mayNotAccessAnyLayer()
                .whereLayer("tensor").mayNotAccessAnyLayer()
                .whereLayer("nn").mayOnlyAccessLayers("kernel", "tensor")
                .whereLayer("train").mayOnlyAccessLayers("kernel", "data", "tensor", "nn")
                .whereLayer("infer").mayOnlyAccessLayers("kernel", "data", "tensor", "nn")
                .whereLayer("facade").mayOnlyAccessLayers("kernel", "tensor", "nn", "train", "infer")
                .whereLayer("io").mayOnlyAccessLayers("kernel", "data", "tensor", "nn", "infer", "facade")
                .whereLayer("neuron").mayOnlyAccessLayers("kernel", "data", "tensor", "nn", "train", "infer",
                        "facade")
                .whereLayer("tune").mayOnlyAccessLayers("kernel")
                .because("the kernels are the bottom layer (their own element-wise codes, Pointwise; no nn import), "
                        + "the network needs no spec from above it, and training needs no facade")
                .check(ENGINE);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.vecmlp.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void onlyTheSimdPackageTouchesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("org.vecmlp.kernel.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .because("the engine must load and run (scalar) without the incubator module")
                .check(ENGINE);
    }

    @Test
    void inferenceReadsTheStandardizerAndNothingElseOfData() {
        noClasses().that().resideInAPackage("org.vecmlp.infer..")
                .should().dependOnClassesThat(resideInAPackage("org.vecmlp.data..")
                        .and(not(equivalentTo(Standardizer.class))))
                .because("a predictor applies a model's input standardisation, and knows no data sets or readers")
                .check(ENGINE);
    }
}
