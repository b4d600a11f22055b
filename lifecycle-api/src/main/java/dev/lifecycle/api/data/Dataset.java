package dev.lifecycle.api.data;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/** A named, append-only sequence of {@link DatasetVersion}s. */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Dataset {

    /** @return the dataset name */
    String name();

    /** @return the version numbers, ascending */
    List<Integer> versions();

    /** @return the latest version, if any */
    Optional<DatasetVersion> latest();

    /**
     * @return the given version
     * @throws dev.lifecycle.api.NotFoundException when it does not exist
     */
    DatasetVersion version(int version);
}
