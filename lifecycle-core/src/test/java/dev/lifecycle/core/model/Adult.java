package dev.lifecycle.core.model;

import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.testsupport.TestData;
import dev.lifecycle.core.data.Csv;

/** Imports UCI Adult (skipping the test when the file is absent). */
final class Adult {
    static final String[] COLUMNS = {"age", "workclass", "fnlwgt", "education", "education-num", "marital-status",
        "occupation", "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week",
        "native-country", "income"};

    private Adult() {
    }

    static DatasetVersion load(Lifecycle lc) {
        return lc.datasets().importCsv("adult", TestData.require("adult.data"),
                Csv.forTarget("income").noHeader(COLUMNS));
    }
}
