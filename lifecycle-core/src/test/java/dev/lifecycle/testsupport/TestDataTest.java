package dev.lifecycle.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing real data set skips a test on a developer machine and fails it on CI. */
@Tag("fast")
class TestDataTest {
    private static final String ABSENT = "no-such-data-set.csv";

    @Test
    void aMissingDataSetFailsOnCi() {
        assertThatThrownBy(() -> TestData.require(ABSENT, "true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining(ABSENT).hasMessageContaining("CI=true");
    }

    @Test
    void aMissingDataSetSkipsElsewhere() {
        assertThatThrownBy(() -> TestData.require(ABSENT, null)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining(ABSENT);
        assertThatThrownBy(() -> TestData.require(ABSENT, "false")).isInstanceOf(TestAbortedException.class);
    }
}
