/**
 * Lifecycle's testkit: a JUnit 5 extension, fluent assertions, behavioural model tests, jqwik
 * generators and contract kits for SPI implementers.
 */
module dev.lifecycle.testkit {
    requires transitive dev.lifecycle.api;
    requires transitive dev.lifecycle.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.assertj.core;
    requires transitive net.jqwik.api;
    requires org.opentest4j;
    requires static org.apiguardian.api;

    exports dev.lifecycle.testkit;
    exports dev.lifecycle.testkit.assertions;
    exports dev.lifecycle.testkit.behaviour;
    exports dev.lifecycle.testkit.generators;
    exports dev.lifecycle.testkit.contract;

    opens dev.lifecycle.testkit.contract to org.junit.platform.commons;
    opens dev.lifecycle.testkit.generators to net.jqwik.api;
}
