package dev.lifecycle.core.internal;

import java.util.regex.Pattern;

/** Validation of ref names and of the names users give to datasets, models and aliases. */
public final class RefNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

    private RefNames() {
    }

    /**
     * @return the name, when it is a valid ref name
     * @throws IllegalArgumentException naming the bad segment otherwise
     */
    public static String checkRef(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A ref name must not be empty");
        }
        for (String segment : name.split("/", -1)) {
            checkSegment(segment, "ref '" + name + "'");
        }
        return name;
    }

    /**
     * @param what e.g. "dataset name", used in the message
     * @return the name, when it can be one segment of a ref
     * @throws IllegalArgumentException saying which characters are allowed otherwise
     */
    public static String checkName(String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException("The " + what + " must not be null");
        }
        checkSegment(name, what + " '" + name + "'");
        return name;
    }

    /** @return whether a ref is write-once: {@code <...>/versions/<digits>} */
    public static boolean isVersionRef(String name) {
        int slash = name.lastIndexOf('/');
        if (slash < 0 || slash == name.length() - 1 || !name.startsWith("versions", slash - 8)
                || slash - 8 > 0 && name.charAt(slash - 9) != '/') {
            return false;
        }
        for (int i = slash + 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return slash >= 8;
    }

    /**
     * Refuses changes of a write-once ref.
     *
     * @throws dev.lifecycle.api.store.ImmutableRefException when {@code expected} is set on a version ref
     */
    public static void checkWriteOnce(String name, String expected, String newValue) {
        if (expected != null && isVersionRef(name)) {
            throw new dev.lifecycle.api.store.ImmutableRefException("Ref '" + name + "' is a committed version and"
                    + " cannot be " + (newValue == null ? "deleted" : "changed") + "; register a new version instead");
        }
    }

    private static void checkSegment(String segment, String context) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
            throw new IllegalArgumentException("Invalid " + context + ": use letters, digits, '.', '_' and '-' only"
                    + " (and not '.' or '..' alone)" + (segment.isEmpty() ? "; it has an empty segment" : ""));
        }
    }
}
