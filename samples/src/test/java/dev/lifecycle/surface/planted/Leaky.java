package dev.lifecycle.surface.planted;

import dev.lifecycle.surface.planted.internal.Secret;

/** A planted violation: a public type of an exported package whose public constructor takes an internal type. */
public final class Leaky {
    private final Secret secret;

    public Leaky(Secret secret) {
        this.secret = secret;
    }

    /** Fine: mentions no internal type. */
    public String name() {
        return String.valueOf(secret);
    }
}
