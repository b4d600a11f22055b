package dev.lifecycle.core.internal.eval;

import java.util.Arrays;

/** A growable array of doubles. Not thread-safe. */
public final class DoubleList {
    private double[] values;
    private int size;
    private boolean sorted;

    /** @param capacity the initial capacity */
    public DoubleList(int capacity) {
        values = new double[Math.max(4, capacity)];
    }

    /** Appends a value. */
    public void add(double v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = v;
        sorted = false;
    }

    /** Appends every value of another list. */
    public void addAll(DoubleList other) {
        if (size + other.size > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + other.size));
        }
        System.arraycopy(other.values, 0, values, size, other.size);
        size += other.size;
        sorted = false;
    }

    /** @return the number of values */
    public int size() {
        return size;
    }

    /** @return the value at a position */
    public double get(int i) {
        return values[i];
    }

    /** @return the values, sorted ascending, in a new array (the list keeps them sorted until the next add) */
    public double[] sortedCopy() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        return Arrays.copyOf(values, size);
    }

    /** Writes the values. */
    public void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
        }
    }

    /** @return the list written by {@link #write} */
    public static DoubleList read(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        DoubleList l = new DoubleList(n);
        for (int i = 0; i < n; i++) {
            l.values[i] = in.readDouble();
        }
        l.size = n;
        return l;
    }
}
