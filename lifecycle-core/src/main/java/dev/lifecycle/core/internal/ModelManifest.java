package dev.lifecycle.core.internal;

import dev.lifecycle.api.model.Signature;
import java.util.Map;

/**
 * The stored record of a model version; the model bytes are a separate object.
 *
 * @param name model name
 * @param version version number
 * @param format model format id
 * @param model object id of the model bytes
 * @param signature inputs and outputs
 * @param trainer trainer name
 * @param parameters trainer hyperparameters
 * @param seed training seed
 * @param dataset training dataset version id
 * @param created ISO-8601 time of registration
 * @param run id of the run that produced it, or null
 */
public record ModelManifest(String name, int version, String format, String model, Signature signature,
        String trainer, Map<String, String> parameters, long seed, String dataset, String created, String run) {
}
