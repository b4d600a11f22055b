package dev.lifecycle.jdbc.internal;

import dev.lifecycle.api.store.ImmutableRefException;
import java.util.regex.Pattern;

/** The Store SPI's rules for ref names and write-once version refs. */
public final class RefRules {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern VERSION = Pattern.compile("(?:.*/)?versions/[0-9]+");

    private RefRules() {
    }

    /** @return the name when valid; otherwise throws {@link IllegalArgumentException} saying what is allowed */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A ref name must not be empty");
        }
        for (String s : name.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || !SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("Invalid ref '" + name + "': use '/'-separated segments of letters,"
                        + " digits, '.', '_' and '-' (not empty, '.' or '..')");
            }
        }
        return name;
    }

    /** Refuses a change or deletion of a version ref ({@code .../versions/<digits>}). */
    public static void checkWriteOnce(String name, String expected, String newValue) {
        if (expected != null && VERSION.matcher(name).matches()) {
            throw new ImmutableRefException("Ref '" + name + "' is a committed version and cannot be "
                    + (newValue == null ? "deleted" : "changed") + "; register a new version instead");
        }
    }

    /** @return a LIKE pattern matching names that start with {@code prefix} (escape character {@code \}) */
    public static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
