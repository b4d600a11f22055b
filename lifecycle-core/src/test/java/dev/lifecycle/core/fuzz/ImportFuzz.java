package dev.lifecycle.core.fuzz;

import dev.lifecycle.api.data.DataImportException;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.api.store.Store;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.store.MemoryStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mutates slices of real CSV files (bytes flipped, inserted and deleted, truncation, unbalanced
 * quotes, BOMs, CR/LF mixes, invalid UTF-8) and classifies each import: stored, a
 * {@link DataImportException} (with or without line and column) that left the store untouched, or
 * anything else (a bug).
 */
final class ImportFuzz {
    static final String[] ADULT = {"age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
        "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week",
        "native-country", "income"};

    /** Outcome counts. */
    static final class Tally {
        long tries;
        long imported;
        long failedWithLineAndColumn;
        long failedWithLineOnly;
        long failedWithFileOnly;
        long storedAfterFailure;
        long other;
        final Map<String, Integer> otherKinds = new LinkedHashMap<>();
        final Map<String, Integer> withoutColumn = new LinkedHashMap<>();

        @Override
        public String toString() {
            return tries + " imports: " + imported + " stored, " + failedWithLineAndColumn
                    + " DataImportException naming file, line and column, " + failedWithLineOnly
                    + " naming file and line only, " + failedWithFileOnly + " naming the file only (line 0), "
                    + storedAfterFailure + " failures that left something stored, " + other + " other outcomes "
                    + otherKinds + "; problems without a column: " + withoutColumn;
        }
    }

    /** A store that counts writes, to prove a failed import wrote nothing. */
    static final class CountingStore implements Store {
        final MemoryStore inner = new MemoryStore();
        final AtomicLong writes = new AtomicLong();

        @Override
        public ObjectId put(byte[] bytes) {
            writes.incrementAndGet();
            return inner.put(bytes);
        }

        @Override
        public byte[] get(ObjectId id) {
            return inner.get(id);
        }

        @Override
        public boolean contains(ObjectId id) {
            return inner.contains(id);
        }

        @Override
        public Optional<String> ref(String name) {
            return inner.ref(name);
        }

        @Override
        public boolean compareAndSet(String name, String expected, String newValue, String actor, String reason) {
            writes.incrementAndGet();
            return inner.compareAndSet(name, expected, newValue, actor, reason);
        }

        @Override
        public Map<String, String> refs(String prefix) {
            return inner.refs(prefix);
        }

        @Override
        public List<JournalEntry> journal(String prefix) {
            return inner.journal(prefix);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private final List<String> adultLines;
    private final List<String> elecLines;
    private final Path work;

    ImportFuzz(Path adult, Path electricity, Path work) throws IOException {
        this.adultLines = Files.readAllLines(adult, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        this.elecLines = Files.readAllLines(electricity, StandardCharsets.UTF_8);
        this.work = work;
    }

    /** Runs {@code tries} mutated imports from one seed. */
    Tally run(long seed, int tries) throws IOException {
        Random rnd = new Random(seed);
        Tally t = new Tally();
        Path file = work.resolve("slice.csv");
        CountingStore store = null;
        Lifecycle lc = null;
        try {
            for (int i = 0; i < tries; i++) {
                if (i % 200 == 0) {
                    if (lc != null) {
                        lc.close();
                    }
                    store = new CountingStore();
                    lc = Lifecycle.builder().store(store).build();
                }
                boolean adult = rnd.nextBoolean();
                Csv options = adult ? Csv.forTarget("income").noHeader(ADULT) : Csv.forTarget("class");
                byte[] bytes = mutate(slice(rnd, adult), rnd);
                Files.write(file, bytes);
                long before = store.writes.get();
                Map<String, String> refs = store.refs("");
                t.tries++;
                try {
                    lc.datasets().importCsv("d", file, options);
                    t.imported++;
                } catch (DataImportException e) {
                    if (store.writes.get() != before || !store.refs("").equals(refs)) {
                        t.storedAfterFailure++;
                    }
                    if (!file.toString().equals(e.source()) || !e.getMessage().startsWith(file.toString())) {
                        other(t.otherKinds, t, "DataImportException not naming the file: " + e.getMessage());
                    } else if (e.line() > 0 && e.column() != null) {
                        t.failedWithLineAndColumn++;
                    } else {
                        if (e.line() > 0) {
                            t.failedWithLineOnly++;
                        } else {
                            t.failedWithFileOnly++;
                        }
                        String problem = e.getMessage().substring(file.toString().length())
                                .replaceAll("[0-9]+", "N");
                        problem = problem.length() > 120 ? problem.substring(0, 120) : problem;
                        if (t.withoutColumn.size() < 30 || t.withoutColumn.containsKey(problem)) {
                            t.withoutColumn.merge(problem, 1, Integer::sum);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    other(t.otherKinds, t, e.getClass().getName() + ": " + e.getMessage());
                }
            }
        } finally {
            if (lc != null) {
                lc.close();
            }
        }
        return t;
    }

    private static void other(Map<String, Integer> kinds, Tally t, String what) {
        t.other++;
        String key = what.length() > 300 ? what.substring(0, 300) : what;
        if (kinds.size() < 20) {
            kinds.merge(key, 1, Integer::sum);
        }
    }

    private byte[] slice(Random rnd, boolean adult) {
        List<String> lines = adult ? adultLines : elecLines;
        int first = adult ? 0 : 1;
        int n = 1 + rnd.nextInt(150);
        int start = first + rnd.nextInt(lines.size() - first - n);
        StringBuilder sb = new StringBuilder();
        if (!adult) {
            sb.append(lines.get(0)).append('\n');
        }
        for (int i = start; i < start + n; i++) {
            sb.append(lines.get(i)).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] mutate(byte[] in, Random rnd) {
        List<Byte> b = new ArrayList<>(in.length + 16);
        for (byte x : in) {
            b.add(x);
        }
        int ops = 1 + rnd.nextInt(3);
        for (int o = 0; o < ops && !b.isEmpty(); o++) {
            int at = rnd.nextInt(b.size());
            switch (rnd.nextInt(11)) {
                case 0 -> b.set(at, (byte) (b.get(at) ^ (1 << rnd.nextInt(8))));
                case 1 -> b.add(at, (byte) rnd.nextInt(256));
                case 2 -> b.remove(at);
                case 3 -> b.subList(at, b.size()).clear();
                case 4 -> b.add(at, (byte) '"');
                case 5 -> {
                    int pos = rnd.nextInt(4) == 0 ? at : 0;
                    b.add(pos, (byte) 0xBF);
                    b.add(pos, (byte) 0xBB);
                    b.add(pos, (byte) 0xEF);
                }
                case 6 -> {
                    for (int i = 0; i < b.size(); i++) {
                        if (b.get(i) == '\n' && rnd.nextInt(3) == 0) {
                            if (rnd.nextBoolean()) {
                                b.add(i, (byte) '\r');
                                i++;
                            } else {
                                b.set(i, (byte) '\r');
                            }
                        }
                    }
                }
                case 7 -> {
                    byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xC0, (byte) 0xAF}};
                    byte[] seq = bad[rnd.nextInt(bad.length)];
                    for (int i = seq.length - 1; i >= 0; i--) {
                        b.add(at, seq[i]);
                    }
                }
                case 8 -> b.add(at, (byte) 0);
                case 9 -> b.add(at, (byte) ',');
                default -> {
                    if (b.get(at) == ',') {
                        b.remove(at);
                    } else {
                        b.add(at, (byte) '\n');
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }
}
