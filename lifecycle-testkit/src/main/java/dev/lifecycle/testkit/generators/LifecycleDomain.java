package dev.lifecycle.testkit.generators;

import dev.lifecycle.api.data.Schema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;
import net.jqwik.api.domains.DomainContextBase;
import org.apiguardian.api.API;

/**
 * A jqwik domain that bundles the generators: add {@code @Domain(LifecycleDomain.class)} to a
 * property and use {@code @ForAll Schema} or {@code @ForAll GeneratedData} (balanced datasets of
 * 20 to 200 rows of a generated schema).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class LifecycleDomain extends DomainContextBase {

    @Provide
    Arbitrary<Schema> schemas() {
        return LifecycleArbitraries.schemas();
    }

    @Provide
    Arbitrary<GeneratedData> datasets() {
        return LifecycleArbitraries.schemas().flatMap(s -> LifecycleArbitraries.datasets(s, 20, 200, 0.5));
    }
}
