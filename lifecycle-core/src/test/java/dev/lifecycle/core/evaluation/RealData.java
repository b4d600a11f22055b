package dev.lifecycle.core.evaluation;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.TestData;
import dev.lifecycle.core.data.Csv;

/** Imports the shared real data sets for evaluation tests. */
final class RealData {
    static final String[] ADULT_COLUMNS = {"age", "workclass", "fnlwgt", "education", "education-num",
        "marital-status", "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss",
        "hours-per-week", "native-country", "income"};

    private RealData() {
    }

    static DatasetVersion adult(Lifecycle lc) {
        return lc.datasets().importCsv("adult", TestData.require("adult.data"),
                Csv.target("income").noHeader(ADULT_COLUMNS));
    }

    static DatasetVersion elec2(Lifecycle lc) {
        return lc.datasets().importCsv("elec2", TestData.require("electricity.csv"),
                Csv.target("class").type("class", FieldType.CATEGORICAL));
    }
}
