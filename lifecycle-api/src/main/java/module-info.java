/**
 * Lifecycle's public API and SPI. Depends on the JDK only.
 */
module dev.lifecycle.api {
    requires static transitive org.apiguardian.api;

    exports dev.lifecycle.api;
    exports dev.lifecycle.api.data;
    exports dev.lifecycle.api.model;
    exports dev.lifecycle.api.evaluation;
    exports dev.lifecycle.api.deployment;
    exports dev.lifecycle.api.monitoring;
    exports dev.lifecycle.api.store;
    exports dev.lifecycle.api.internal to dev.lifecycle.core;
}
