/**
 * The model phase: models, predictions, trainers and model formats (the SPI engines plug into),
 * and registered model versions.
 */
package dev.lifecycle.api.model;
