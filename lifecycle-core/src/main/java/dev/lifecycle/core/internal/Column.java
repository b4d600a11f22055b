package dev.lifecycle.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One column of a columnar dataset, in the form it is held in memory and stored. */
public sealed interface Column permits Column.Numeric, Column.Coded, Column.Text {

    /** @return the number of rows */
    int size();

    /** @return whether the value at a row is missing */
    boolean isMissing(int row);

    /** @return a new column of the given rows, in that order */
    Column select(int[] rows);

    /** @return the stored form */
    byte[] toBytes();

    /** Numbers; {@code NaN} marks a missing value. */
    record Numeric(double[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return Double.isNaN(values[row]);
        }

        @Override
        public Column select(int[] rows) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = values[rows[i]];
            }
            return new Numeric(out);
        }

        @Override
        public byte[] toBytes() {
            ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES);
            buf.asDoubleBuffer().put(values);
            return buf.array();
        }

        /** @return the column stored as {@link #toBytes()} */
        public static Numeric fromBytes(byte[] bytes) {
            double[] v = new double[bytes.length / Double.BYTES];
            ByteBuffer.wrap(bytes).asDoubleBuffer().get(v);
            return new Numeric(v);
        }
    }

    /** Dictionary codes into the field's categories (categorical and boolean fields); -1 is missing. */
    record Coded(int[] codes, List<String> dictionary) implements Column {
        @Override
        public int size() {
            return codes.length;
        }

        @Override
        public boolean isMissing(int row) {
            return codes[row] < 0;
        }

        /** @return the value at a row, or null */
        public String value(int row) {
            int c = codes[row];
            return c < 0 ? null : dictionary.get(c);
        }

        @Override
        public Column select(int[] rows) {
            int[] out = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = codes[rows[i]];
            }
            return new Coded(out, dictionary);
        }

        @Override
        public byte[] toBytes() {
            ByteBuffer buf = ByteBuffer.allocate(codes.length * Integer.BYTES);
            buf.asIntBuffer().put(codes);
            return buf.array();
        }

        /** @return the column stored as {@link #toBytes()} */
        public static Coded fromBytes(byte[] bytes, List<String> dictionary) {
            int[] c = new int[bytes.length / Integer.BYTES];
            ByteBuffer.wrap(bytes).asIntBuffer().get(c);
            return new Coded(c, dictionary);
        }
    }

    /** Free text; null is missing. */
    record Text(String[] values) implements Column {
        @Override
        public int size() {
            return values.length;
        }

        @Override
        public boolean isMissing(int row) {
            return values[row] == null;
        }

        @Override
        public Column select(int[] rows) {
            String[] out = new String[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = values[rows[i]];
            }
            return new Text(out);
        }

        @Override
        public byte[] toBytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer len = ByteBuffer.allocate(Integer.BYTES);
            for (String v : values) {
                byte[] b = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
                len.clear();
                len.putInt(b == null ? -1 : b.length);
                out.write(len.array(), 0, Integer.BYTES);
                if (b != null) {
                    out.write(b, 0, b.length);
                }
            }
            return out.toByteArray();
        }

        /** @return the column stored as {@link #toBytes()} */
        public static Text fromBytes(byte[] bytes, int rows) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            String[] v = new String[rows];
            for (int i = 0; i < rows; i++) {
                int n = buf.getInt();
                if (n >= 0) {
                    v[i] = new String(bytes, buf.position(), n, StandardCharsets.UTF_8);
                    buf.position(buf.position() + n);
                }
            }
            return new Text(v);
        }
    }
}
