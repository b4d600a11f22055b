/**
 * The evaluation phase: evaluators and their results.
 */
package dev.lifecycle.api.evaluation;
