package dev.lifecycle.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import dev.lifecycle.testsupport.TestData;

/**
 * Layering rules over every production class of {@code dev.lifecycle} on lifecycle-core's test classpath
 * (the core's classes and the lifecycle-api classes or jar).
 */
@Tag("fast")
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // import exactly the two code sources (classes directory or jar) of lifecycle-api and lifecycle-core
        List<URL> sources = List.of(codeSource(dev.lifecycle.api.data.Row.class), codeSource(Lifecycle.class));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("/dev/lifecycle/"))
                .importUrls(sources);
    }

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void bothModulesAreImported() {
        assertThat(classes.containPackage("dev.lifecycle.api.data")).isTrue();
        assertThat(classes.containPackage("dev.lifecycle.core.internal")).isTrue();
        assertThat(classes.contain(dev.lifecycle.api.data.Row.class)).isTrue();
        assertThat(classes.contain(Lifecycle.class)).isTrue();
        assertThat(classes.contain(TestData.class)).as("test classes are not imported").isFalse();
    }

    @Test
    void apiDependsOnlyOnTheJdkAndItself() {
        classes().that().resideInAPackage("dev.lifecycle.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.lifecycle.api..", "org.apiguardian.api..")
                .because("lifecycle-api has no third-party runtime dependency (apiguardian's annotations only)")
                .check(classes);
    }

    @Test
    void apiDoesNotDependOnCore() {
        noClasses().that().resideInAPackage("dev.lifecycle.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.lifecycle.core..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.lifecycle.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void internalIsOnlyUsedFromCore() {
        noClasses().that().resideOutsideOfPackage("dev.lifecycle.core..")
                .should().accessClassesThat().resideInAPackage("dev.lifecycle.core.internal..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.lifecycle.core..")
                .should().dependOnClassesThat().resideInAPackage("dev.lifecycle.core.internal..")
                .check(classes);
    }

    @Test
    void internalDoesNotDependOnThePublicCorePackages() {
        noClasses().that().resideInAPackage("dev.lifecycle.core.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lifecycle.core", "dev.lifecycle.core.data",
                        "dev.lifecycle.core.model", "dev.lifecycle.core.deployment", "dev.lifecycle.core.evaluation",
                        "dev.lifecycle.core.store", "dev.lifecycle.core.tribuo")
                .because("internal is the bottom layer of the core")
                .check(classes);
    }
}
