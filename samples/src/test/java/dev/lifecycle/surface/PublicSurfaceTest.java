package dev.lifecycle.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.jdbc.PostgresStore;
import dev.lifecycle.spark.SparkLifecycle;
import dev.lifecycle.surface.planted.Leaky;
import dev.lifecycle.testkit.LifecycleExtension;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules over the public surface of every published module (api, core, testkit, spark), imported from their
 * own class directories or jars, each rule also run on a planted violation to show it can fail.
 */
class PublicSurfaceTest {
    private static JavaClasses all;

    @BeforeAll
    static void importEveryModule() {
        List<URL> sources = List.of(codeSource(Row.class), codeSource(Lifecycle.class),
                codeSource(LifecycleExtension.class), codeSource(SparkLifecycle.class), codeSource(PostgresStore.class));
        all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("/dev/lifecycle/"))
                .importUrls(sources);
    }

    static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    static JavaClasses planted() {
        return new ClassFileImporter().importPackages(Leaky.class.getPackageName());
    }

    @Test
    void everyModuleIsImportedAndNoTestClass() {
        assertThat(all.contain(Row.class)).isTrue();
        assertThat(all.contain(Lifecycle.class)).isTrue();
        assertThat(all.contain(LifecycleExtension.class)).isTrue();
        assertThat(all.contain(SparkLifecycle.class)).isTrue();
        assertThat(all.containPackage("dev.lifecycle.core.internal")).isTrue();
        assertThat(all.contain(Leaky.class)).as("planted test classes are not imported").isFalse();
    }

    @Test
    void noPublicSignatureMentionsAnInternalType() {
        SurfaceRules.noInternalTypeInPublicSignatures().check(all);
    }

    @Test
    void theInternalTypeRuleReportsAPlantedLeak() {
        EvaluationResult result = SurfaceRules.noInternalTypeInPublicSignatures().evaluate(planted());
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).hasSize(1).first().asString()
                .contains("Leaky.<init>(dev.lifecycle.surface.planted.internal.Secret)")
                .contains("mentions dev.lifecycle.surface.planted.internal.Secret");
    }

    @Test
    void noTypeHasAStaticAndAnInstanceMethodOfTheSameName() {
        SurfaceRules.noStaticAndInstanceMethodOfTheSameName().check(all);
    }

    @Test
    void theNameTrapRuleReportsAPlantedTrap() {
        EvaluationResult result = SurfaceRules.noStaticAndInstanceMethodOfTheSameName().evaluate(planted());
        assertThat(result.getFailureReport().getDetails()).hasSize(1).first().asString()
                .contains("Trap has static and instance methods named target");
    }
}
