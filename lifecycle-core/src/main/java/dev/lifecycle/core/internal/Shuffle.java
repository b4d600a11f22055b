package dev.lifecycle.core.internal;

import java.util.SplittableRandom;

/** Seeded Fisher–Yates shuffles, one algorithm for every split, sample and permutation Lifecycle draws. */
public final class Shuffle {
    private Shuffle() {
    }

    /** Shuffles {@code a} in place. */
    public static void inPlace(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** @return {@code 0..n-1} in a seeded random order */
    public static int[] permutation(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        inPlace(a, random);
        return a;
    }
}
