package dev.lifecycle.core.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Reaches the package-private constructors and methods by which {@code Lifecycle} wires the public facades
 * of other core packages (registries, deployments), so that users can obtain those only from a Lifecycle
 * and no public signature names an internal type. Lookups stay inside this module.
 */
public final class Sealed {
    private Sealed() {
    }

    /** @return a handle on a package-private constructor of a class of this module */
    public static MethodHandle constructor(Class<?> owner, Class<?>... params) {
        try {
            return lookup(owner).findConstructor(owner, MethodType.methodType(void.class, params));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Lifecycle's core misses the constructor " + owner.getName()
                    + MethodType.methodType(void.class, params) + "; the core's classes come from different builds", e);
        }
    }

    /** @return a handle on a package-private static method of a class of this module */
    public static MethodHandle staticMethod(Class<?> owner, String name, Class<?> returns, Class<?>... params) {
        try {
            return lookup(owner).findStatic(owner, name, MethodType.methodType(returns, params));
        } catch (ReflectiveOperationException e) {
            throw missing(owner, name, e);
        }
    }

    /** @return a handle on a package-private instance method of a class of this module */
    public static MethodHandle method(Class<?> owner, String name, Class<?> returns, Class<?>... params) {
        try {
            return lookup(owner).findVirtual(owner, name, MethodType.methodType(returns, params));
        } catch (ReflectiveOperationException e) {
            throw missing(owner, name, e);
        }
    }

    /** Calls a handle, passing on what it throws unchecked and wrapping anything checked. */
    public static Object invoke(MethodHandle handle, Object... args) {
        try {
            return handle.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static MethodHandles.Lookup lookup(Class<?> owner) throws IllegalAccessException {
        if (owner.getModule() != Sealed.class.getModule()) {
            throw new IllegalArgumentException(owner.getName() + " is not in Lifecycle's core module");
        }
        return MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
    }

    private static IllegalStateException missing(Class<?> owner, String name, Exception e) {
        return new IllegalStateException("Lifecycle's core misses the method " + owner.getName() + "." + name
                + "; the core's classes come from different builds", e);
    }
}
