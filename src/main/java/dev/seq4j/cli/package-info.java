/**
 * The {@code seq4j} command line (picocli): one small class per subcommand, each returning its exit code:
 * 0 success, 2 bad input or config, 1 any other failure. Results go to standard output, progress and
 * errors to standard error.
 */
package dev.seq4j.cli;
