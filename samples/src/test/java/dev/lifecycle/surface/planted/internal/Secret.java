package dev.lifecycle.surface.planted.internal;

/** Stands for an implementation type that must not appear in a public signature. */
public final class Secret {
}
