/**
 * Classical forecasting methods in plain Java, ported from R's forecast package so that its published fits are our
 * tests: exponential smoothing state-space models chosen by AICc ({@link dev.seq4j.classical.Ets}), the Theta method
 * ({@link dev.seq4j.classical.Theta}), R's Nelder-Mead, and the seasonal tools they share (autocorrelation, classical
 * decomposition, the seasonality test, period detection). No Java library on Maven Central offers ETS or Theta;
 * commons-math3 supplies eigenvalues and least squares.
 */
package dev.seq4j.classical;
