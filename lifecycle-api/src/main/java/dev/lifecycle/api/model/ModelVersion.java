package dev.lifecycle.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A registered, immutable model version: the model plus the record of how it was made.
 *
 * @param name the registered model name
 * @param version the version number, 1-based and gap-free per name
 * @param model the loaded model
 * @param trainer the trainer's name
 * @param parameters the trainer's hyperparameters
 * @param seed the training seed
 * @param dataset the id ({@code name@version}) of the training dataset version
 * @param format the {@link ModelFormat#id()} of the stored bytes
 * @param digest the SHA-256 of the stored bytes
 * @param created when the version was registered
 * @param run the id of the tracked run that produced it, or {@code null} when registered without one
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public record ModelVersion(String name, int version, Model model, String trainer, Map<String, String> parameters,
        long seed, String dataset, String format, String digest, Instant created, String run) {

    /** Copies the parameters. */
    public ModelVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(created, "created");
        parameters = Map.copyOf(parameters);
    }

    /** @return {@code name@version} */
    public String id() {
        return name + "@" + version;
    }

    /** @return the signature of the model */
    public Signature signature() {
        return model.signature();
    }

    @Override
    public String toString() {
        return id() + " (" + trainer + ", trained on " + dataset + ")";
    }
}
