package dev.lifecycle.api.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * SPI: everything Lifecycle persists, in two kinds of things (as in git).
 *
 * <ul>
 *   <li><b>Objects</b>: immutable bytes addressed by their SHA-256. Writing the same bytes twice gives
 *       the same id. Reads verify the bytes against the id and throw {@link CorruptObjectException}
 *       on mismatch.</li>
 *   <li><b>Refs</b>: small named string values ({@code models/fraud/aliases/champion}) changed only by
 *       {@link #compareAndSet}; every committed change is appended to a journal.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe. A durable implementation makes an object durable before
 * {@link #put} returns and a ref change durable before {@link #compareAndSet} returns, so a crash
 * never leaves a ref pointing to a missing or partial object.
 *
 * <p>Ref names are {@code /}-separated segments of letters, digits, {@code . _ -}; no segment is
 * empty, {@code .} or {@code ..}. Version refs (names ending in {@code /versions/<digits>}) are
 * write-once: {@link #compareAndSet} may create them but throws {@link ImmutableRefException} when asked
 * to change or delete one.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public interface Store extends AutoCloseable {

    /**
     * Stores bytes (idempotently).
     *
     * @return the id of the bytes
     * @throws StoreException when the bytes cannot be made durable
     */
    ObjectId put(byte[] bytes);

    /**
     * @return the bytes of an object, verified against its id
     * @throws dev.lifecycle.api.NotFoundException when there is no such object
     * @throws CorruptObjectException when the stored bytes do not match the id
     */
    byte[] get(ObjectId id);

    /** @return whether an object is present (without verifying it) */
    boolean contains(ObjectId id);

    /** @return the current value of a ref */
    Optional<String> ref(String name);

    /**
     * Atomically changes a ref if it still has the expected value, and journals the change.
     *
     * @param name the ref
     * @param expected the value it must have now, or {@code null} if it must not exist
     * @param newValue the value to set, or {@code null} to delete the ref
     * @param actor who makes the change (recorded)
     * @param reason why (recorded)
     * @return true when changed; false when the ref did not have the expected value
     * @throws ImmutableRefException when asked to change or delete a version ref
     */
    boolean compareAndSet(String name, String expected, String newValue, String actor, String reason);

    /** @return every ref whose name starts with {@code prefix}, with its value, sorted by name */
    Map<String, String> refs(String prefix);

    /** @return the committed changes of refs whose names start with {@code prefix}, oldest first */
    List<JournalEntry> journal(String prefix);

    /** Releases resources. Idempotent. */
    @Override
    void close();
}
