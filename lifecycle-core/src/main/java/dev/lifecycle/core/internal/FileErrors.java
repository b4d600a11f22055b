package dev.lifecycle.core.internal;

import dev.lifecycle.api.data.DataImportException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Import errors about a whole file (it is missing, unreadable, or reading it failed): they name the file only. */
public final class FileErrors {
    private FileErrors() {
    }

    /** @return a typed error naming the source and what went wrong, with no line or column */
    public static DataImportException of(String source, IOException e) {
        String problem;
        if (e instanceof NoSuchFileException) {
            problem = "there is no such file; check the path (relative paths start at " + System.getProperty("user.dir")
                    + ")";
        } else if (e instanceof AccessDeniedException) {
            problem = "permission denied; make the file readable by the user running this JVM ("
                    + System.getProperty("user.name", "?") + ")";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            problem = "cannot be read: " + f.getReason();
        } else {
            problem = "cannot be read: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : " (" + e.getMessage() + ")");
        }
        DataImportException out = new DataImportException(source, 0, null, problem);
        out.initCause(e);
        return out;
    }
}
