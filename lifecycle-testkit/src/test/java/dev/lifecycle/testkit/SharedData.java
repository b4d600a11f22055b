package dev.lifecycle.testkit;


import java.nio.file.Path;

/** Finds the shared real data sets through the core tests' {@code TestData} (skip when absent, fail on CI). */
final class SharedData {
    private SharedData() {
    }

    static Path require(String file) {
        return dev.lifecycle.testsupport.TestData.require(file);
    }
}
