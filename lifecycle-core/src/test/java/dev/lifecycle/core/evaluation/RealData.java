package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;

/** Imports the shared real data sets for evaluation tests. */
final class RealData {
    static final String[] ADULT_COLUMNS = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    private RealData() {
    }

    /** Adult with the census sampling weight {@code fnlwgt} read as text, so it is not a feature. */
    static DatasetVersion adult(Lifecycle lc) {
        return lc.datasets().importCsv("adult", TestData.require("adult.data"),
                Csv.forTarget("income").noHeader(ADULT_COLUMNS)
                        .type("fnlwgt", FieldType.TEXT));
    }

    /** Adult with every column a feature: the unscaled weight saturates many probabilities, a hard case for ties. */
    static DatasetVersion adultRaw(Lifecycle lc) {
        return lc.datasets().importCsv("adult", TestData.require("adult.data"),
                Csv.forTarget("income").noHeader(ADULT_COLUMNS));
    }

    static DatasetVersion elec2(Lifecycle lc) {
        return lc.datasets().importCsv("elec2", TestData.require("electricity.csv"),
                Csv.forTarget("class").type("class", FieldType.CATEGORICAL));
    }
}
