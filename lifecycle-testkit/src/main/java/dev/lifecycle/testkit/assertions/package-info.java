/**
 * Fluent, AssertJ-style assertions on datasets, evaluations, models, deployments, routing policies
 * and behavioural test reports. Start from {@link dev.lifecycle.testkit.assertions.LifecycleAssertions}.
 */
package dev.lifecycle.testkit.assertions;
