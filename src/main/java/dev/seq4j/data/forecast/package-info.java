/**
 * Time series for forecasting: strictly checked CSV tables with a time column
 * ({@link dev.seq4j.data.forecast.TimeTable}: sorted unique times, numeric cells, a policy for missing values, the
 * seasonal period suggested by the time step).
 */
package dev.seq4j.data.forecast;
