/**
 * jqwik generators: schemas, conforming rows, and labelled datasets with a chosen class balance and
 * optional planted drift, bundled in {@link dev.lifecycle.testkit.generators.LifecycleDomain}.
 */
package dev.lifecycle.testkit.generators;
