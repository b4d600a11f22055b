package dev.lifecycle.testkit.behaviour;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.Prediction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apiguardian.api.API;
import org.opentest4j.AssertionFailedError;

/**
 * Golden predictions: a snapshot of a model's predictions on a fixed dataset, kept with the tests,
 * that fails a later run when a retrain changes them beyond a tolerance.
 *
 * <p>The snapshot is a small text file, one line per row: {@code label<TAB>score,score,...}. When the
 * file does not exist, or the system property {@code lifecycle.golden.update} is {@code true},
 * {@link #verify} writes it and passes; review and commit the file like any other fixture.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class GoldenPredictions {
    /** Set this system property to {@code true} to rewrite snapshots. */
    public static final String UPDATE_PROPERTY = "lifecycle.golden.update";

    private GoldenPredictions() {
    }

    /**
     * Compares a model's predictions on every row of {@code data} with the snapshot.
     *
     * @param maxChangedLabels the largest share of rows whose label may differ
     * @param scoreTolerance the largest allowed absolute difference of any score on the other rows
     * @throws AssertionFailedError listing the first differing rows when the tolerance is exceeded
     */
    public static void verify(Model model, DatasetVersion data, Path snapshot, double maxChangedLabels,
            double scoreTolerance) {
        List<String> lines = predict(model, data);
        if (!Files.exists(snapshot) || Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(snapshot, lines);
            return;
        }
        List<String> golden;
        try {
            golden = Files.readAllLines(snapshot, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the golden predictions " + snapshot, e);
        }
        if (golden.size() != lines.size()) {
            throw new AssertionFailedError("The golden predictions " + snapshot + " have " + golden.size()
                    + " rows but " + data.id() + " has " + lines.size() + "; regenerate them with -D" + UPDATE_PROPERTY
                    + "=true if the dataset changed on purpose");
        }
        List<String> labelChanges = new ArrayList<>();
        List<String> scoreChanges = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] want = golden.get(i).split("\t", -1);
            String[] got = lines.get(i).split("\t", -1);
            if (!want[0].equals(got[0])) {
                labelChanges.add("row " + i + ": " + want[0] + " -> " + got[0]);
            } else if (maxScoreDifference(want[1], got[1]) > scoreTolerance) {
                scoreChanges.add("row " + i + ": scores " + want[1] + " -> " + got[1]);
            }
        }
        double share = lines.isEmpty() ? 0 : (double) labelChanges.size() / lines.size();
        if (share > maxChangedLabels || !scoreChanges.isEmpty()) {
            throw new AssertionFailedError(String.format(Locale.ROOT,
                    "Predictions of %s on %s differ from %s: %d labels changed (%.2f%%, at most %.2f%% allowed), %d"
                            + " rows with a score moved by more than %s.%n  %s%n  %s",
                    model, data.id(), snapshot, labelChanges.size(), share * 100, maxChangedLabels * 100,
                    scoreChanges.size(), scoreTolerance, first(labelChanges), first(scoreChanges)));
        }
    }

    private static List<String> predict(Model model, DatasetVersion data) {
        List<String> out = new ArrayList<>(data.size());
        List<dev.lifecycle.api.data.Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(data.row(i));
        }
        for (Prediction p : model.predictAll(rows)) {
            StringBuilder sb = new StringBuilder(p.label() == null ? Double.toString(p.value()) : p.label());
            sb.append('\t');
            double[] scores = p.scores();
            for (int j = 0; j < scores.length; j++) {
                sb.append(j == 0 ? "" : ",").append(scores[j]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static double maxScoreDifference(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.equals(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        String[] x = a.split(",");
        String[] y = b.split(",");
        if (x.length != y.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(Double.parseDouble(x[i]) - Double.parseDouble(y[i])));
        }
        return max;
    }

    private static String first(List<String> changes) {
        return changes.isEmpty() ? "" : String.join("; ", changes.subList(0, Math.min(10, changes.size())))
                + (changes.size() > 10 ? "; ..." : "");
    }

    private static void write(Path snapshot, List<String> lines) {
        try {
            if (snapshot.getParent() != null) {
                Files.createDirectories(snapshot.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(snapshot, StandardCharsets.UTF_8)) {
                for (String l : lines) {
                    w.write(l);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the golden predictions " + snapshot, e);
        }
    }
}
