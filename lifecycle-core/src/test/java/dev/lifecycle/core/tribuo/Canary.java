package dev.lifecycle.core.tribuo;

/** A class whose initialisation is visible: model bytes that name it must never get it initialised. */
public final class Canary {
    static {
        CanaryState.initialised = true;
    }

    private Canary() {
    }
}

/** Where {@link Canary} records that it was initialised. */
final class CanaryState {
    static volatile boolean initialised;

    private CanaryState() {
    }
}
