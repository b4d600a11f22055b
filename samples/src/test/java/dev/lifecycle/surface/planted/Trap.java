package dev.lifecycle.surface.planted;

/** A planted name trap: {@code Trap.defaults().target("y")} compiles, calls the static method and loses the instance. */
public final class Trap {
    private final String target;

    private Trap(String target) {
        this.target = target;
    }

    public static Trap defaults() {
        return new Trap(null);
    }

    public static Trap target(String column) {
        return new Trap(column);
    }

    public String target() {
        return target;
    }
}
