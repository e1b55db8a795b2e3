/** The SSFT-versus-SFT experiment and the training step-time benchmark. */
package io.github.ssft4j.research.experiment;
