/**
 * Lifecycle's default implementation: the {@code Lifecycle} entry point, file and memory stores,
 * datasets, Tribuo trainers, evaluation and in-process deployment. Internal packages are not exported.
 */
module dev.lifecycle.core {
    requires transitive dev.lifecycle.api;
    requires org.tribuo.core;
    requires org.tribuo.classification.core;
    requires org.tribuo.classification.sgd;
    requires org.tribuo.common.sgd;
    requires org.tribuo.classification.dtree;
    requires org.tribuo.classification.xgboost;
    requires org.tribuo.common.tree;
    requires org.tribuo.common.xgboost;
    requires org.tribuo.regression.core;
    requires org.tribuo.regression.sgd;
    requires org.tribuo.regression.rtree;
    requires org.tribuo.regression.xgboost;
    requires org.tribuo.math;
    requires com.google.protobuf;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires datasketches.java;
    requires org.apache.datasketches.memory;
    requires java.logging;
    requires org.apache.commons.statistics.distribution;
    requires org.apache.commons.statistics.inference;
    requires static micrometer.core;
    requires static org.apiguardian.api;

    exports dev.lifecycle.core;
    exports dev.lifecycle.core.store;
    exports dev.lifecycle.core.data;
    exports dev.lifecycle.core.model;
    exports dev.lifecycle.core.tribuo;
    exports dev.lifecycle.core.evaluation;
    exports dev.lifecycle.core.deployment;
    exports dev.lifecycle.core.report;
    exports dev.lifecycle.core.deployment.micrometer;
    exports dev.lifecycle.core.monitoring;
    exports dev.lifecycle.core.loop;

    opens dev.lifecycle.core.internal to com.fasterxml.jackson.databind;
    opens dev.lifecycle.core.deployment.internal to com.fasterxml.jackson.databind;

    uses dev.lifecycle.api.model.ModelFormat;
}
