package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.core.Fixtures;
import dev.lifecycle.core.Lifecycle;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Versioning, lineage and persistence of imports and splits. */
@Tag("fast")
class ImportSemanticsTest {
    @TempDir
    Path dir;

    private static String timeSeries(int rows, double bump) {
        StringBuilder sb = new StringBuilder("t,price,kind,label\n");
        for (int i = 0; i < rows; i++) {
            sb.append(i).append(',').append(i * 0.25 + bump).append(',').append(i % 3 == 0 ? "a" : "b").append(',')
                    .append(i % 2 == 0 ? "up" : "down").append('\n');
        }
        return sb.toString();
    }

    @Test
    void sameBytesTwiceGiveTheSameVersion() {
        Path csv = Fixtures.write(dir, "s.csv", timeSeries(50, 0));
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion first = lc.datasets().importCsv("s", csv, Csv.forTarget("label"));
            Map<String, String> refs = lc.store().refs("");
            int journal = lc.store().journal("").size();
            DatasetVersion again = lc.datasets().importCsv("s", csv, Csv.forTarget("label"));
            assertThat(again.version()).isEqualTo(first.version()).isEqualTo(1);
            assertThat(again.digest()).isEqualTo(first.digest());
            assertThat(lc.store().refs("")).as("no new refs").isEqualTo(refs);
            assertThat(lc.store().journal("")).as("no new journal entries").hasSize(journal);
            assertThat(lc.datasets().dataset("s").versions()).containsExactly(1);
            // the same bytes under another file name are still the same content
            Path copy = Fixtures.write(dir, "copy.csv", timeSeries(50, 0));
            assertThat(lc.datasets().importCsv("s", copy, Csv.forTarget("label")).version()).isEqualTo(1);
        }
    }

    @Test
    void changedBytesGiveTheNextVersionWithLineage() {
        Path csv = Fixtures.write(dir, "s.csv", timeSeries(50, 0));
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion v1 = lc.datasets().importCsv("s", csv, Csv.forTarget("label"));
            assertThat(v1.lineage().parents()).isEmpty();
            assertThat(v1.lineage().operation()).isEqualTo("import");
            assertThat(v1.lineage().source()).isEqualTo(csv.toString());
            assertThat(v1.id()).isEqualTo("s@1");

            Fixtures.write(dir, "s.csv", timeSeries(51, 0));
            DatasetVersion v2 = lc.datasets().importCsv("s", csv, Csv.forTarget("label"));
            assertThat(v2.version()).isEqualTo(2);
            assertThat(v2.digest()).isNotEqualTo(v1.digest());
            Lineage l = v2.lineage();
            assertThat(l.parents()).containsExactly("s@1");
            assertThat(l.operation()).isEqualTo("import");
            assertThat(l.source()).isEqualTo(csv.toString());
            assertThat(l.details()).containsEntry("rows", "51");
            assertThat(lc.datasets().latest("s").orElseThrow().version()).isEqualTo(2);
            assertThat(lc.datasets().get("s", 2).lineage()).isEqualTo(l);
            assertThat(lc.datasets().get("s@1").digest()).isEqualTo(v1.digest());
        }
    }

    @Test
    void reopenedFileStoreReadsBackEqualContent() {
        Path csv = Fixtures.write(dir, "s.csv", "t,price,kind,flag,note,label\n"
                + "1,0.5,a,true,hello,up\n2,,b,false,,down\n3,1.5,?,true,\"x, y\",up\n");
        Path home = dir.resolve("home");
        DatasetVersion written;
        try (Lifecycle lc = Lifecycle.open(home)) {
            written = lc.datasets().importCsv("s", csv, Csv.forTarget("label")
                    .type("note", dev.lifecycle.api.data.FieldType.TEXT));
        }
        try (Lifecycle lc = Lifecycle.open(home)) {
            DatasetVersion read = lc.datasets().get("s", 1);
            assertThat(read.digest()).isEqualTo(written.digest());
            assertThat(read.schema()).isEqualTo(written.schema());
            assertThat(read.lineage()).isEqualTo(written.lineage());
            assertThat(read.size()).isEqualTo(3);
            for (int r = 0; r < read.size(); r++) {
                assertThat(read.row(r)).as("row %d", r).isEqualTo(written.row(r));
            }
            assertThat(read.string("note", 2)).isEqualTo("x, y");
            assertThat(read.number("price", 1)).isNaN();
            // and importing the same bytes again after the restart still finds version 1
            assertThat(lc.datasets().importCsv("s", csv, Csv.forTarget("label")
                    .type("note", dev.lifecycle.api.data.FieldType.TEXT)).version()).isEqualTo(1);
        }
    }

    @Test
    void splitTimeOrderedKeepsOrderAndLineage() {
        Path csv = Fixtures.write(dir, "s.csv", timeSeries(101, 0));
        try (Lifecycle lc = Lifecycle.inMemory()) {
            DatasetVersion all = lc.datasets().importCsv("s", csv, Csv.forTarget("label"));
            Split split = lc.datasets().splitTimeOrdered(all, 0.8);
            DatasetVersion train = split.train();
            DatasetVersion test = split.test();
            assertThat(train.size() + test.size()).isEqualTo(all.size());
            assertThat(train.size()).isEqualTo(81);
            assertThat(train.id()).isEqualTo("s.train@1");
            assertThat(test.id()).isEqualTo("s.test@1");
            for (DatasetVersion part : new DatasetVersion[] {train, test}) {
                assertThat(part.lineage().parents()).containsExactly("s@1");
                assertThat(part.lineage().operation()).isEqualTo("split-time-ordered");
                assertThat(part.lineage().source()).isNull();
                assertThat(part.schema()).isEqualTo(all.schema());
            }
            double lastTrain = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < train.size(); r++) {
                assertThat(train.row(r)).isEqualTo(all.row(r));
                lastTrain = Math.max(lastTrain, train.number("t", r));
            }
            for (int r = 0; r < test.size(); r++) {
                assertThat(test.number("t", r)).as("every test row comes after every train row")
                        .isGreaterThan(lastTrain);
                assertThat(test.row(r)).isEqualTo(all.row(train.size() + r));
            }
            // splitting again gives the same parts
            Split again = lc.datasets().splitTimeOrdered(all, 0.8);
            assertThat(again.train().id()).isEqualTo(train.id());
            assertThat(again.test().id()).isEqualTo(test.id());
        }
    }
}
