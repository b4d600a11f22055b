package dev.lifecycle.api.model;

import org.apiguardian.api.API;

/**
 * SPI: turns a model into bytes and back. Formats never use Java serialization: reading stored bytes
 * must not be able to run code.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface ModelFormat {

    /** @return a stable id recorded next to the bytes, e.g. {@code tribuo-protobuf} */
    String id();

    /** @return whether this format can write the given model */
    boolean supports(Model model);

    /**
     * @return the serialized model
     * @throws IllegalArgumentException when {@link #supports(Model)} is false
     */
    byte[] write(Model model);

    /**
     * @param bytes what {@link #write(Model)} produced
     * @param signature the signature recorded with the bytes
     * @return the model
     * @throws ModelFormatException when the bytes are not a model of this format
     */
    Model read(byte[] bytes, Signature signature);
}
