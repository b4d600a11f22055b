package dev.lifecycle.core.internal;

/**
 * Bytes handed to a store together with their ownership: nothing else refers to the array or will
 * change it, so a store that keeps objects in memory may keep it instead of a copy.
 *
 * @param bytes a fresh array, such as a {@link Column#toBytes()} result
 */
public record OwnedBytes(byte[] bytes) {
}
