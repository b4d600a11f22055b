/**
 * Behavioural tests of models (invariance, directional expectation, minimum functionality) and
 * golden-prediction snapshots.
 */
package dev.lifecycle.testkit.behaviour;
