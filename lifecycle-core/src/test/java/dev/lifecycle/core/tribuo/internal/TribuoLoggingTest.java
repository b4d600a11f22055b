package dev.lifecycle.core.tribuo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Tribuo's INFO lines are quieted only when the host has said nothing about them. */
@Tag("fast")
class TribuoLoggingTest {

    @Test
    void quietWhenTheHostConfiguredNothing() {
        assertThat(TribuoLogging.shouldQuiet(null, null, null)).isTrue();
        assertThat(TribuoLogging.shouldQuiet("quiet", null, null)).isTrue();
    }

    @Test
    void theHostsLevelOrConfigurationWins() {
        assertThat(TribuoLogging.shouldQuiet(null, Level.INFO, null)).as("level set on org.tribuo").isFalse();
        assertThat(TribuoLogging.shouldQuiet(null, Level.FINE, null)).isFalse();
        assertThat(TribuoLogging.shouldQuiet(null, null, "INFO")).as("org.tribuo.level in logging.properties")
                .isFalse();
    }

    @Test
    void theSystemPropertyHandsTribuoLoggingToTheHost() {
        assertThat(TribuoLogging.shouldQuiet("host", null, null)).isFalse();
        assertThat(TribuoLogging.shouldQuiet(" HOST ", null, null)).isFalse();
    }
}
