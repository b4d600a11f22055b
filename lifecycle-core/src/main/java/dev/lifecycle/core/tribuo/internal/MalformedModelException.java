package dev.lifecycle.core.tribuo.internal;

import dev.lifecycle.api.model.ModelFormatException;

/** Stored model bytes fail a structural check before any of them is used. */
public final class MalformedModelException extends ModelFormatException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the bytes */
    public MalformedModelException(String message) {
        super(message, null);
    }
}
