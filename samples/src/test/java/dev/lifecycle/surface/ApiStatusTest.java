package dev.lifecycle.surface;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.jdbc.PostgresStore;
import dev.lifecycle.spark.SparkLifecycle;
import dev.lifecycle.testkit.LifecycleExtension;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/**
 * Every public type of an exported package of api, core, testkit and spark says how stable it is with
 * apiguardian's {@code @API(status = ...)}; the rule is also run on planted unannotated types to show it fails.
 */
class ApiStatusTest {

    static ArchRule everyPublicTypeHasAnApiStatus() {
        return classes().that(SurfaceRules.PUBLIC_IN_EXPORTED_PACKAGE).should().beAnnotatedWith(API.class)
                .because("users must see whether a type is STABLE, MAINTAINED, EXPERIMENTAL or INTERNAL;"
                        + " run /work/annotate_api.py (or annotate by hand) for new types");
    }

    @Test
    void everyPublicTypeOfEveryModuleHasAnApiStatus() {
        JavaClasses all = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> location.contains("/dev/lifecycle/"))
                .importUrls(List.of(PublicSurfaceTest.codeSource(Row.class), PublicSurfaceTest.codeSource(Lifecycle.class),
                        PublicSurfaceTest.codeSource(LifecycleExtension.class),
                        PublicSurfaceTest.codeSource(SparkLifecycle.class),
                        PublicSurfaceTest.codeSource(PostgresStore.class)));
        assertThat(all.contain(SparkLifecycle.class)).isTrue();
        everyPublicTypeHasAnApiStatus().check(all);
    }

    @Test
    void theRuleReportsPlantedTypesWithoutAStatus() {
        EvaluationResult result = everyPublicTypeHasAnApiStatus().evaluate(PublicSurfaceTest.planted());
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(d -> d.contains("dev.lifecycle.surface.planted.Leaky"))
                .anyMatch(d -> d.contains("dev.lifecycle.surface.planted.Trap"))
                .noneMatch(d -> d.contains("planted.internal.Secret"));
    }
}
