/**
 * Benchmarks users can repeat: {@code seq4j bench} times recurrent training on synthetic data (the
 * "charlm-256" case and a grid around it), each case in a fresh JVM so that its peak memory is its own,
 * side by side with the PyTorch peer where Python and PyTorch are installed.
 */
package dev.seq4j.bench;
