/**
 * Tasks tie the packages together: each one loads its data, builds its topology, names its objective and
 * metrics, and knows how to evaluate and use a finished run. The CLI only parses arguments and calls a task.
 */
package dev.seq4j.task;
