package io.github.ssft4j.spi;

import java.nio.file.Path;

/**
 * What a finished fine-tuning run produced.
 *
 * @param steps optimiser steps taken
 * @param finalLoss the last step's training loss
 * @param checkpoint the Hugging Face checkpoint folder written
 * @param seconds wall time
 */
public record TrainingSummary(int steps, double finalLoss, Path checkpoint, double seconds) {}
