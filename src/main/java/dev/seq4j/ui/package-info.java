/**
 * {@code seq4j ui} and {@code seq4j report}: runs and sweeps in a browser (docs/ui.md). {@link dev.seq4j.ui.RunIndex}
 * finds the runs and sweeps under the given directories and names each by an id (requests name ids, never paths);
 * {@code RunView} turns a run's or sweep's files, as they are at the moment (growing, or cut by a kill), into the JSON
 * of its page; {@link dev.seq4j.ui.UiServer} serves that JSON and the page itself (plain JavaScript and uPlot from
 * the jar) read-only over HTTP; {@link dev.seq4j.ui.Report} writes the same pages with their data into one HTML file.
 */
package dev.seq4j.ui;
