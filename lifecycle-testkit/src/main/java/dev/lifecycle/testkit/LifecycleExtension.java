package dev.lifecycle.testkit;

import dev.lifecycle.core.Lifecycle;
import java.util.random.RandomGenerator;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link LifecycleTest}: resolves {@link Lifecycle}, {@link TestClock},
 * {@link RandomGenerator} and {@link Fixture} parameters with one fixture per test method, stored in
 * the method's extension context so that it is closed when the test ends and never shared between
 * tests running in parallel.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LifecycleExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(LifecycleExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Lifecycle.class || type == TestClock.class || type == RandomGenerator.class
                || type == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException("Lifecycle fixtures are per test: inject them into test methods or"
                    + " @BeforeEach/@AfterEach methods, not into constructors or @BeforeAll methods");
        }
        Fixture fixture = context.getStore(NAMESPACE).getOrComputeIfAbsent(Resource.class,
                k -> new Resource(open(context)), Resource.class).fixture;
        Class<?> type = parameter.getParameter().getType();
        if (type == Lifecycle.class) {
            return fixture.lifecycle();
        }
        if (type == TestClock.class) {
            return fixture.clock();
        }
        if (type == RandomGenerator.class) {
            return fixture.random();
        }
        return fixture;
    }

    private static Fixture open(ExtensionContext context) {
        LifecycleTest config = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), LifecycleTest.class)
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LifecycleTest.class))
                .orElse(null);
        LifecycleTest.StoreKind kind = config == null ? LifecycleTest.StoreKind.MEMORY : config.store();
        long seed = config == null ? 42L : config.seed();
        return Fixture.open(kind, seed);
    }

    /** Closes the fixture when JUnit discards the test's store. */
    private static final class Resource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Fixture fixture;

        Resource(Fixture fixture) {
            this.fixture = fixture;
        }

        @Override
        public void close() {
            fixture.close();
        }
    }
}
