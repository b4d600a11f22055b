package dev.lifecycle.api.data;

import dev.lifecycle.api.LifecycleException;
import org.apiguardian.api.API;

/**
 * Input data could not be read: a ragged row, an unparsable value, an empty source or a missing
 * target column. Nothing from the failed import is written to the store.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public class DataImportException extends LifecycleException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String column;

    /**
     * @param source the file or source being read
     * @param line the 1-based line (or record) number, or 0 when the problem is not tied to a line
     * @param column the column concerned, or {@code null}
     * @param problem what is wrong and how to fix it
     */
    public DataImportException(String source, long line, String column, String problem) {
        super(format(source, line, column, problem));
        this.source = source;
        this.line = line;
        this.column = column;
    }

    /** @return the file or source being read */
    public String source() {
        return source;
    }

    /** @return the 1-based line number, or 0 when not tied to a line */
    public long line() {
        return line;
    }

    /** @return the column concerned, or {@code null} */
    public String column() {
        return column;
    }

    private static String format(String source, long line, String column, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column != null) {
            sb.append(", column '").append(column).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }
}
