package dev.lifecycle.samples.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.testkit.Fixture;
import dev.lifecycle.testkit.LifecycleTest;
import dev.lifecycle.testkit.generators.GeneratedData;
import dev.lifecycle.testkit.generators.LifecycleArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the data path, with the testkit's generators. jqwik is its own engine, so the
 * fixture comes from {@link Fixture#open} rather than the JUnit extension.
 */
@net.jqwik.api.Tag("fast")
class RiskServicePropertiesTest {

    @Property(tries = 30)
    void anyGeneratedDatasetImportsAsOneVersionWithItsSchema(@ForAll("datasets") GeneratedData data) {
        try (Fixture f = Fixture.open(LifecycleTest.StoreKind.MEMORY, 1)) {
            DatasetVersion v = data.importInto(f.lifecycle(), "generated");
            assertThat(v.size()).isEqualTo(data.size());
            assertThat(v.schema().names()).isEqualTo(data.schema().names());
            assertThat(data.importInto(f.lifecycle(), "generated").version()).isEqualTo(1);
            for (int i = 0; i < v.size(); i++) {
                assertThat(v.row(i)).isEqualTo(data.rows().get(i));
            }
        }
    }

    @Provide
    Arbitrary<GeneratedData> datasets() {
        return LifecycleArbitraries.schemas().flatMap(s -> LifecycleArbitraries.datasets(s, 1, 50, 0.3));
    }

}
