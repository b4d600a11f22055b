package dev.lifecycle.spark;


import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.core.data.Csv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A loopback-bound, quiet local[2] session, shared data lookup and frames made from dataset versions. */
final class SparkTests {
    static final Csv ADULT = Csv.defaults().noHeader("age", "workclass", "fnlwgt", "education", "education-num",
            "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
            "hours-per-week", "native-country", "income").withTarget("income");
    static final int[] PARTITIONS = {1, 2, 3, 7, 16};

    private SparkTests() {
    }

    static SparkSession session() {
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
        return SparkSession.builder().appName("lifecycle-spark-test").master("local[2]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
    }

    /** @return the path of a shared data file; skips the calling test when it is absent (fails on CI) */
    static Path require(String file) {
        return dev.lifecycle.testsupport.TestData.require(file);
    }

    /** @return the rows of a version as a frame of exactly {@code partitions} partitions, in row order */
    static Dataset<Row> frame(SparkSession spark, DatasetVersion data, int partitions) {
        List<StructField> fields = new ArrayList<>();
        for (Field f : data.schema().fields()) {
            DataType t = switch (f.type()) {
                case NUMERIC -> DataTypes.DoubleType;
                case BOOLEAN -> DataTypes.BooleanType;
                default -> DataTypes.StringType;
            };
            fields.add(DataTypes.createStructField(f.name(), t, true));
        }
        List<Row> rows = new ArrayList<>(data.size());
        int n = data.schema().fields().size();
        for (int r = 0; r < data.size(); r++) {
            dev.lifecycle.api.data.Row row = data.row(r);
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                values[i] = row.get(i);
            }
            rows.add(RowFactory.create(values));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(sc.parallelize(rows, partitions), DataTypes.createStructType(fields));
    }
}
