package dev.lifecycle.spark;

import java.io.Serializable;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * How to build a value on every Spark executor: expectations and evaluation options hold code (predicates,
 * slices) that cannot travel as data, so Spark ships this serializable recipe and each task builds its own.
 * Write it as a lambda, e.g. {@code () -> List.of(Expectation.range("age", 0, 120))}; whatever it
 * captures must be serializable too.
 *
 * @param <T> what the recipe builds
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
@FunctionalInterface
public interface Recipe<T> extends Supplier<T>, Serializable {
}
