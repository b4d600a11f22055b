package dev.lifecycle.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A large CSV streams into the store with a heap bounded by the columnar result: a child JVM whose
 * {@code -Xmx} is twice the finished columns plus 32 MB (for the JVM itself and the read buffers)
 * imports a 60 MB file into a directory store. Holding the file's text, or several copies of the
 * columns at once, would not fit.
 */
@Tag("slow")
class LargeImportHeapTest {
    private static final long FILE_BYTES = 60L << 20;
    private static final int NUMERIC = 10;
    private static final int CODED = 3;

    @Test
    void aLargeCsvImportsWithinTwiceTheColumnarSize(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("big.csv");
        long rows = write(csv);
        long columnarMb = (rows * (NUMERIC * Double.BYTES + CODED * Integer.BYTES)) >> 20;
        long heapMb = 2 * columnarMb + 32;
        Path err = dir.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Importer.class.getName(), csv.toString(), dir.resolve("store").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("import finished").isTrue();
        assertThat(p.exitValue()).as("child exit (stderr: %s)", Files.readString(err)).isZero();
        assertThat(out).isEqualTo("rows=" + rows);
    }

    /** Writes numeric and categorical columns like the csv-import benchmark; returns the row count. */
    private static long write(Path csv) throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        String[] cities = {"Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Hobart", "Darwin"};
        long rows = 0;
        long written = 0;
        StringBuilder line = new StringBuilder(160);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("a,b,c,d,e,f,g,h,i,j,city,segment,label\n");
            while (written < FILE_BYTES) {
                line.setLength(0);
                for (int c = 0; c < NUMERIC; c++) {
                    line.append(Math.round(r.nextDouble() * 1_000_000) / 1_000_000.0).append(',');
                }
                line.append(cities[r.nextInt(cities.length)]).append(",s").append(r.nextInt(20)).append(',')
                        .append(r.nextInt(4) == 0 ? '1' : '0').append('\n');
                w.append(line);
                written += line.length();
                rows++;
            }
        }
        return rows;
    }

    /** The child: imports the file into a directory store and prints the row count. */
    public static final class Importer {
        public static void main(String[] args) {
            try (Lifecycle lc = Lifecycle.open(Path.of(args[1]))) {
                DatasetVersion d = lc.datasets().importCsv("big", Path.of(args[0]), Csv.forTarget("label"));
                System.out.println("rows=" + d.size());
            }
        }
    }
}
