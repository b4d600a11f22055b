package dev.lifecycle.core.data;

import dev.lifecycle.api.data.DataImportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recognises files that are not UTF-8 text before they are read as CSV, so they fail with a clear message. */
final class Encodings {
    private static final int SNIFF = 4096;

    private Encodings() {
    }

    /**
     * @param delimiter the CSV delimiter, to name the column position of a NUL byte on the first line
     * @throws DataImportException saying what the file is and how to convert it, when it is not UTF-8 text;
     *     it names line 1 and the column position where the problem shows ({@code #1} for the whole file)
     */
    static void requireUtf8Text(Path file, char delimiter) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF);
        }
        String what = kind(head);
        if (what != null) {
            throw new DataImportException(file.toString(), 1, "#" + position(head, delimiter), what);
        }
    }

    /** @return the 1-based field position of the first line's first NUL byte, or 1 when there is none */
    private static int position(byte[] h, char delimiter) {
        int field = 1;
        for (int i = 0; i < h.length && h[i] != '\n'; i++) {
            if (h[i] == 0) {
                return field;
            }
            if (delimiter < 0x80 && h[i] == delimiter) {
                field++;
            }
        }
        return 1;
    }

    /** @return what is wrong with the start of a file, or null when it may be UTF-8 text */
    static String kind(byte[] h) {
        int n = h.length;
        if (starts(h, 0xFF, 0xFE, 0x00, 0x00)) {
            return utf("UTF-32 little-endian (byte-order mark FF FE 00 00)", "UTF-32LE");
        }
        if (starts(h, 0x00, 0x00, 0xFE, 0xFF)) {
            return utf("UTF-32 big-endian (byte-order mark 00 00 FE FF)", "UTF-32BE");
        }
        if (starts(h, 0xFF, 0xFE)) {
            return utf("UTF-16 little-endian (byte-order mark FF FE)", "UTF-16LE");
        }
        if (starts(h, 0xFE, 0xFF)) {
            return utf("UTF-16 big-endian (byte-order mark FE FF)", "UTF-16BE");
        }
        if (starts(h, 0x1F, 0x8B)) {
            return "the file is gzip-compressed; decompress it first (gunzip) and import the CSV inside";
        }
        if (starts(h, 'P', 'K', 0x03, 0x04)) {
            return "the file is a zip archive (or an Excel workbook); extract or export the CSV and import that";
        }
        int lineEnd = 0;
        while (lineEnd < n && h[lineEnd] != '\n') {
            lineEnd++;
        }
        for (int i = 0; i < lineEnd; i++) {
            if (h[i] == 0) {
                boolean alternating = i + 1 < lineEnd && h[i + 1] != 0 || i > 0 && h[i - 1] != 0;
                return "the first line holds NUL bytes (at byte " + i + "): the file is binary, or "
                        + (alternating ? "most likely UTF-16 without a byte-order mark" : "not text")
                        + "; Lifecycle reads UTF-8 CSV: convert it (e.g. iconv -f UTF-16 -t UTF-8)";
            }
        }
        return null;
    }

    private static String utf(String what, String charset) {
        return "the file is " + what + "; Lifecycle reads UTF-8 CSV: convert it, e.g. iconv -f " + charset
                + " -t UTF-8 in.csv > out.csv";
    }

    private static boolean starts(byte[] h, int... bytes) {
        if (h.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if ((h[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
